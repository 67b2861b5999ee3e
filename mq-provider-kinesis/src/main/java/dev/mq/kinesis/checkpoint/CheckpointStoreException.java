package dev.mq.kinesis.checkpoint;

import dev.mq.MessagingException;

/** Checkpoints could not be read or written, or the stored ones are corrupt. */
public class CheckpointStoreException extends MessagingException {
  private static final long serialVersionUID = 1L;

  /**
   * With a message.
   *
   * @param message what failed
   */
  public CheckpointStoreException(String message) {
    super(message);
  }

  /**
   * With a message and a cause.
   *
   * @param message what failed
   * @param cause the store's exception
   */
  public CheckpointStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
