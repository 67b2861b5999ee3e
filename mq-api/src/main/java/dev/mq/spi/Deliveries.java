package dev.mq.spi;

import dev.mq.Envelope;
import dev.mq.internal.access.EnvelopeAccess;
import java.util.Objects;

/**
 * Sets and clears the delivery data of envelopes: the delivery attempt and tag that
 * {@link Envelope#deliveryAttempt()} and {@link Envelope#deliveryTag()} read. Part of the
 * provider support layer, and the only way to set them: an application cannot, so an envelope it
 * builds (also with {@link Envelope#toBuilder()} from a delivered one) is always a new message
 * (SPEC 2.11).
 */
public final class Deliveries {

  private static final EnvelopeAccess ACCESS = EnvelopeAccess.forDeliveries();

  private Deliveries() {}

  /**
   * {@return {@code stored} as delivered: the same message with this attempt and tag} It copies
   * neither the body nor the properties (both are immutable, so they are shared), which makes it
   * cheap enough to call on every delivery.
   *
   * @param attempt the delivery attempt, at least 1 (1 on first delivery)
   * @param tag the provider's token for this delivery, such as {@link DeliveryTags#tag(long)}
   * @param stored the envelope as the provider stores it, without delivery data
   * @throws IllegalArgumentException if {@code attempt} is below 1
   * @throws NullPointerException if {@code stored} or {@code tag} is null
   */
  public static Envelope deliver(Envelope stored, int attempt, String tag) {
    Objects.requireNonNull(stored, "stored");
    Objects.requireNonNull(tag, "tag");
    if (attempt < 1) {
      throw new IllegalArgumentException("the attempt of a delivery must be >= 1: " + attempt);
    }
    return ACCESS.withDelivery(stored, attempt, tag);
  }

  /**
   * {@return {@code envelope} without delivery data, as a provider stores a pushed envelope: itself
   * when it was never delivered, else a copy with attempt 0 and no tag that shares its body}
   *
   * @param envelope a pushed or delivered envelope
   */
  public static Envelope undelivered(Envelope envelope) {
    Objects.requireNonNull(envelope, "envelope");
    if (envelope.deliveryAttempt() == 0 && envelope.deliveryTag().isEmpty()) {
      return envelope;
    }
    return ACCESS.withDelivery(envelope, 0, null);
  }
}
