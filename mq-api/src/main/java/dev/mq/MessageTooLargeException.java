package dev.mq;

/** A message exceeds the provider's size limit; nothing was written. */
public class MessageTooLargeException extends MessagingException {
  private static final long serialVersionUID = 1L;

  /** The message's size as the provider counts it, in bytes. */
  private final long size;
  /** The provider's limit, in bytes. */
  private final long limit;

  /**
   * @param messageId the message's id
   * @param size its size as the provider counts it, in bytes
   * @param limit the provider's limit, in bytes
   */
  public MessageTooLargeException(String messageId, long size, long limit) {
    super("message " + messageId + " is " + size + " bytes, over the limit of " + limit + " bytes");
    this.size = size;
    this.limit = limit;
  }

  /** {@return the message's size as the provider counts it, in bytes} */
  public long size() {
    return size;
  }

  /** {@return the provider's limit, in bytes} */
  public long limit() {
    return limit;
  }
}
