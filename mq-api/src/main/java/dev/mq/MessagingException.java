package dev.mq;

/** Root of every exception this library throws for a broker or configuration problem. */
public class MessagingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** With a message. */
  public MessagingException(String message) {
    super(message);
  }

  /** With a message and a cause. */
  public MessagingException(String message, Throwable cause) {
    super(message, cause);
  }
}
