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
  /**
   * Longest {@link #REASON} kept, in characters: a reason is often an exception's text, of any
   * length, and a dead letter must never be refused for it. A longer one is cut and ends in
   * {@code "..."}.
   */
  public static final int MAX_REASON_LENGTH = 1024;

  private DeadLetters() {}

  /**
   * The envelope to push to the dead-letter queue for {@code delivered}: same body, properties,
   * message id and partition key, plus the four dead-letter properties; no delivery data. The
   * reason is shortened to {@link #MAX_REASON_LENGTH} characters, and unpaired surrogates in it
   * (which UTF-8 cannot carry) become U+FFFD, so that building the dead letter never fails.
   */
  public static Envelope envelopeFor(
      Envelope delivered, String sourceQueue, String sourceGroup, String reason) {
    return delivered.toBuilder()
        .clearDelivery()
        .property(REASON, reason == null ? "rejected" : printable(reason))
        .property(SOURCE_QUEUE, sourceQueue)
        .property(SOURCE_GROUP, sourceGroup)
        .property(DELIVERY_ATTEMPTS, Integer.toString(delivered.deliveryAttempt()))
        .build();
  }

  /** The reason, cut to {@link #MAX_REASON_LENGTH} characters and with lone surrogates replaced. */
  static String printable(String reason) {
    String cut = reason.length() <= MAX_REASON_LENGTH
        ? reason : reason.substring(0, MAX_REASON_LENGTH - 3) + "...";
    StringBuilder sb = null;
    for (int i = 0; i < cut.length(); i++) {
      char c = cut.charAt(i);
      boolean paired = Character.isHighSurrogate(c) && i + 1 < cut.length()
          && Character.isLowSurrogate(cut.charAt(i + 1));
      if (paired) {
        if (sb != null) {
          sb.append(c).append(cut.charAt(i + 1));
        }
        i++;
      } else if (Character.isSurrogate(c)) {
        if (sb == null) {
          sb = new StringBuilder(cut.length()).append(cut, 0, i);
        }
        sb.append('\uFFFD');
      } else if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? cut : sb.toString();
  }
}
