package dev.mq;

/** Configuration is missing, unknown or malformed. The message names the key and the value. */
public class ConfigurationException extends MessagingException {
  private static final long serialVersionUID = 1L;

  /**
   * With a message.
   *
   * @param message what is wrong, naming the key; never a secret value
   */
  public ConfigurationException(String message) {
    super(message);
  }

  /**
   * With a message and a cause.
   *
   * @param message what is wrong, naming the key; never a secret value
   * @param cause the failure that showed it
   */
  public ConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
