package dev.mq.sqs.internal;

import dev.mq.Envelope;

/**
 * Makes delivered envelopes (attempt and delivery tag set). One class so that it can give way to
 * the delivery setters moving into {@code dev.mq.spi} later.
 */
final class Delivered {

  private Delivered() {}

  /** {@code stored} as delivered with {@code attempt} (at least 1) and {@code tag}. */
  static Envelope of(Envelope stored, int attempt, String tag) {
    return stored.withDelivery(Math.max(1, attempt), tag);
  }
}
