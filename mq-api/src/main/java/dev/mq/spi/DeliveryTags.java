package dev.mq.spi;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The delivery tags of one queue instance: {@code <provider>:<process>-<instance>:<delivery>}, with
 * a random process token, an instance number unique in the JVM and a delivery number that only
 * grows. Part of the provider support layer: a provider that tags every delivery with
 * {@link #next()} and recognises them with {@link #delivery(String)} refuses what SPEC 4.3 says it
 * must (envelopes never delivered, built by the application, or delivered by another instance,
 * queue, broker or process), and, since delivery numbers only grow, knows that a tag of its own
 * that is no longer in flight was settled before (SPEC 4.2). Thread-safe.
 */
public final class DeliveryTags {

  private static final String PROCESS_TOKEN = newProcessToken();
  private static final AtomicLong INSTANCES = new AtomicLong();

  private final String prefix;
  private final AtomicLong deliveries = new AtomicLong();

  /**
   * Tags for a new queue instance.
   *
   * @param provider the provider's name, which starts every tag (so a tag names its issuer)
   */
  public DeliveryTags(String provider) {
    this.prefix = Objects.requireNonNull(provider, "provider") + ":" + PROCESS_TOKEN + "-"
        + INSTANCES.incrementAndGet() + ":";
  }

  /** {@return the number of a new delivery: 1, 2, 3 and so on} */
  public long next() {
    return deliveries.incrementAndGet();
  }

  /**
   * {@return the tag of delivery {@code delivery}, a number from {@link #next()}}
   *
   * @param delivery the delivery number
   */
  public String tag(long delivery) {
    return prefix + delivery;
  }

  /**
   * {@return whether {@code tag} was issued by this instance's tags (its prefix), whatever its
   * number}
   *
   * @param tag a delivery tag; may be null
   */
  public boolean isOwn(String tag) {
    return tag != null && tag.startsWith(prefix);
  }

  /**
   * {@return the delivery number of a tag this instance issued, or -1 when it did not issue it:
   * another prefix, no plain number after it, or a number it never handed out}
   *
   * @param tag a delivery tag; may be null
   */
  public long delivery(String tag) {
    if (!isOwn(tag)) {
      return -1;
    }
    int start = prefix.length();
    int len = tag.length();
    if (len <= start || len - start > 18) {
      return -1; // no number, or one that could overflow
    }
    long v = 0;
    for (int i = start; i < len; i++) {
      char c = tag.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v >= 1 && v <= deliveries.get() ? v : -1;
  }

  @Override
  public String toString() {
    return "DeliveryTags[" + prefix + "]";
  }

  private static String newProcessToken() {
    byte[] b = new byte[6];
    new SecureRandom().nextBytes(b); // not getSeed(), which may block for entropy
    return HexFormat.of().formatHex(b);
  }
}
