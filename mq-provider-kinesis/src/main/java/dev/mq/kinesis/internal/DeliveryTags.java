package dev.mq.kinesis.internal;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivery tags of one queue instance: {@code kinesis:<process token>-<instance>:<delivery>}.
 * The random process token keeps tags of other processes (or of envelopes built by hand with a
 * copied tag) from matching an instance here.
 */
final class DeliveryTags {

  private static final String PROCESS_TOKEN = HexFormat.of().formatHex(SecureRandom.getSeed(6));
  private static final AtomicLong INSTANCES = new AtomicLong();

  private final String prefix = "kinesis:" + PROCESS_TOKEN + "-" + INSTANCES.incrementAndGet() + ":";
  private final AtomicLong deliveries = new AtomicLong();

  /** The id of a new delivery. */
  long next() {
    return deliveries.incrementAndGet();
  }

  String tag(long delivery) {
    return prefix + delivery;
  }

  /** The delivery id of a tag this instance issued, or empty when it did not issue it. */
  OptionalLong parse(String tag) {
    if (!tag.startsWith(prefix)) {
      return OptionalLong.empty();
    }
    try {
      long id = Long.parseLong(tag.substring(prefix.length()));
      return id >= 1 && id <= deliveries.get() ? OptionalLong.of(id) : OptionalLong.empty();
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
