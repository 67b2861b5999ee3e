package dev.mq;

/** No provider, an unknown provider name, or an ambiguous choice; the message lists the names. */
public class ProviderNotFoundException extends ConfigurationException {
  private static final long serialVersionUID = 1L;

  /**
   * With a message.
   *
   * @param message which provider was asked for and which exist
   */
  public ProviderNotFoundException(String message) {
    super(message);
  }
}
