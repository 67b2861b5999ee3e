package dev.mq;

/**
 * A push failed in a way that leaves its outcome unknown: the message may have been written (an
 * attempt timed out, or its answer was lost, after the broker may have applied it). Pushing it
 * again is safe against loss but may deliver it twice; a plain {@link MessagingException} from a
 * push means it was not written.
 */
public class PushOutcomeUnknownException extends MessagingException {
  private static final long serialVersionUID = 1L;

  /**
   * With a message.
   *
   * @param message what is unknown and why
   */
  public PushOutcomeUnknownException(String message) {
    super(message);
  }

  /**
   * With a message and a cause.
   *
   * @param message what is unknown and why
   * @param cause the failure that lost the outcome
   */
  public PushOutcomeUnknownException(String message, Throwable cause) {
    super(message, cause);
  }
}
