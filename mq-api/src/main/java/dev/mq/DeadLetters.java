package dev.mq;

/**
 * The properties a provider adds to a message when it moves it to the dead-letter queue. The
 * original body, properties and message id are kept.
 */
public final class DeadLetters {

  /** Why the message was dead-lettered: the reject reason, or a provider's own words. */
  public static final String REASON = "mq.dead-letter.reason";
  /** The queue the message came from. */
  public static final String SOURCE_QUEUE = "mq.dead-letter.source-queue";
  /** The consumer group that gave up on it. */
  public static final String SOURCE_GROUP = "mq.dead-letter.source-group";
  /** How many times it had been delivered, as a decimal number. */
  public static final String DELIVERY_ATTEMPTS = "mq.dead-letter.delivery-attempts";

  private DeadLetters() {}

  /**
   * The envelope to push to the dead-letter queue for {@code delivered}: same body, properties,
   * message id and partition key, plus the four dead-letter properties; no delivery data.
   */
  public static Envelope envelopeFor(
      Envelope delivered, String sourceQueue, String sourceGroup, String reason) {
    return delivered.toBuilder()
        .clearDelivery()
        .property(REASON, reason == null ? "rejected" : reason)
        .property(SOURCE_QUEUE, sourceQueue)
        .property(SOURCE_GROUP, sourceGroup)
        .property(DELIVERY_ATTEMPTS, Integer.toString(delivered.deliveryAttempt()))
        .build();
  }
}
