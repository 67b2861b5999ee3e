package dev.mq.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential back-off with jitter, for a provider's calls to its broker after throttling or
 * errors (not for redeliveries, which follow {@link RetryPolicy}). Before retry {@code n} (1 for
 * the first) the ceiling is {@code min(max, first × 2^(n−1))}, and the wait a uniformly random
 * time from zero to the ceiling ("full jitter"). Part of the provider support layer.
 *
 * <p>Why full jitter: it spreads the retries of many clients hitting one throttled resource
 * over the whole range instead of having them retry in lock step, and of the usual jitters it
 * makes the fewest calls in all. A caller that must never call again at once (a per-shard read
 * limit) keeps its own minimum spacing on top.
 */
public final class Backoff {

  private final long firstNanos;
  private final long maxNanos;

  /**
   * @param first the ceiling before the first retry; positive
   * @param max the largest ceiling; at least {@code first}
   * @throws IllegalArgumentException if {@code first} is not positive or {@code max} is below it
   */
  public Backoff(Duration first, Duration max) {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(max, "max");
    if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
      throw new IllegalArgumentException("a back-off needs 0 < first <= max: " + first + ", " + max);
    }
    this.firstNanos = RetryPolicy.requeueDelayNanos(first);
    this.maxNanos = RetryPolicy.requeueDelayNanos(max);
  }

  /** The ceiling before jitter for retry {@code retry} (1-based; below 1 counts as 1). */
  public long ceilingNanos(int retry) {
    int shift = Math.min(Math.max(retry - 1, 0), 62);
    long ceiling = firstNanos << shift;
    return ceiling <= 0 || ceiling > maxNanos || (ceiling >> shift) != firstNanos ? maxNanos : ceiling;
  }

  /** A random wait for retry {@code retry} (1-based): uniform from zero to the ceiling. */
  public long delayNanos(int retry) {
    return ThreadLocalRandom.current().nextLong(ceilingNanos(retry) + 1);
  }

  @Override
  public String toString() {
    return "Backoff[first=" + Duration.ofNanos(firstNanos) + ", max=" + Duration.ofNanos(maxNanos) + "]";
  }
}
