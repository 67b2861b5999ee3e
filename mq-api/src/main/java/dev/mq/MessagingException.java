package dev.mq;

/** Root of every exception this library throws for a broker or configuration problem. */
public class MessagingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * With a message.
   *
   * @param message what failed
   */
  public MessagingException(String message) {
    super(message);
  }

  /**
   * With a message and a cause.
   *
   * @param message what failed
   * @param cause the broker's or client's exception
   */
  public MessagingException(String message, Throwable cause) {
    super(message, cause);
  }
}
