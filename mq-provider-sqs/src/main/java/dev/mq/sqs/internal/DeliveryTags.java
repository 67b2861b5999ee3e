package dev.mq.sqs.internal;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivery tags of one queue instance: {@code sqs:<instance id>:<sequence>}. A tag tells whether
 * this instance made it (and then whether it is still held) without keeping settled deliveries.
 * One class so that it can give way to the shared helper of {@code dev.mq.spi} later.
 */
final class DeliveryTags {

  private final String prefix = "sqs:" + UUID.randomUUID() + ":";
  private final AtomicLong sequence = new AtomicLong();

  /** A new tag. */
  String next() {
    return prefix + sequence.incrementAndGet();
  }

  /** True when this instance made {@code tag}. */
  boolean isOwn(String tag) {
    if (tag == null || !tag.startsWith(prefix)) {
      return false;
    }
    try {
      long n = Long.parseLong(tag.substring(prefix.length()));
      return n >= 1 && n <= sequence.get();
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
