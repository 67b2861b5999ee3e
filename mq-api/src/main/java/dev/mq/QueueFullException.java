package dev.mq;

/** A bounded queue is full and push could not wait long enough; nothing was written. */
public class QueueFullException extends MessagingException {
  private static final long serialVersionUID = 1L;

  /**
   * With a message.
   *
   * @param message which queue is full and its limit
   */
  public QueueFullException(String message) {
    super(message);
  }
}
