package dev.mq;

import dev.mq.spi.DeadLetterReasons;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

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
  /**
   * When the message was dead-lettered, as an ISO-8601 instant in UTC with nine fractional digits
   * (e.g. {@code 2026-12-03T10:15:30.123456789Z}; {@link Instant#parse} reads it), by the clock
   * of the process that dead-lettered it. Always 30 characters, so that a provider's room for the
   * dead-letter properties is a fixed number and times sort as text.
   */
  public static final String TIME = "mq.dead-letter.time";
  /**
   * Longest {@link #REASON} kept, in characters: a reason is often an exception's text, of any
   * length, and a dead letter must never be refused for it. A longer one is cut and ends in
   * {@code "..."}, by the rule of {@link DeadLetterReasons}.
   */
  public static final int MAX_REASON_LENGTH = 1024;

  private static final DateTimeFormatter TIME_FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

  private DeadLetters() {}

  /**
   * {@return the envelope to push to the dead-letter queue for {@code delivered}: same body,
   * properties, message id and partition key, plus the five dead-letter properties
   * ({@link #TIME} is now); no delivery data} The reason is shortened by the rule of
   * {@link DeadLetterReasons#shorten} (at most {@link #MAX_REASON_LENGTH} characters, unpaired
   * surrogates replaced by U+FFFD; null is {@code "rejected"}), so that building the dead letter
   * never fails.
   *
   * @param delivered the message given up on, as it was delivered
   * @param sourceQueue the queue it was delivered from
   * @param sourceGroup the consumer group it was delivered to
   * @param reason why it was given up on; may be null
   */
  public static Envelope envelopeFor(
      Envelope delivered, String sourceQueue, String sourceGroup, String reason) {
    return delivered.toBuilder()
        .property(REASON, DeadLetterReasons.shorten(reason))
        .property(SOURCE_QUEUE, sourceQueue)
        .property(SOURCE_GROUP, sourceGroup)
        .property(DELIVERY_ATTEMPTS, Integer.toString(delivered.deliveryAttempt()))
        .property(TIME, TIME_FORMAT.format(Instant.now()))
        .build();
  }
}
