package dev.mq.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential back-off with jitter, for a provider's calls to its broker after throttling or
 * errors (not for redeliveries, which follow {@link RetryPolicy}). Before retry {@code n} (1 for
 * the first) the ceiling is {@code min(max, first × 2^(n−1))}, and the wait a uniformly random
 * time from half the ceiling to all of it ("equal jitter"). Part of the provider support layer.
 *
 * <p>Why this jitter: the random half spreads the retries of many clients hitting one throttled
 * resource instead of having them retry in lock step; the fixed half keeps a throttled call from
 * being retried at once, where it would only be throttled again and use up an attempt (a shard's
 * reads are limited per second, and so are its writes). The AWS SDK backs off from throttling
 * the same way.
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

  /**
   * {@return the ceiling before jitter for retry {@code retry} (1-based; below 1 counts as 1)}
   *
   * @param retry the number of the retry, from 1
   */
  public long ceilingNanos(int retry) {
    int shift = Math.min(Math.max(retry - 1, 0), 62);
    long ceiling = firstNanos << shift;
    return ceiling <= 0 || ceiling > maxNanos || (ceiling >> shift) != firstNanos ? maxNanos : ceiling;
  }

  /**
   * {@return a random wait for retry {@code retry} (1-based): uniform from half the ceiling to all
   * of it}
   *
   * @param retry the number of the retry, from 1
   */
  public long delayNanos(int retry) {
    long ceiling = ceilingNanos(retry);
    long half = ceiling / 2;
    return half + ThreadLocalRandom.current().nextLong(ceiling - half + 1);
  }

  @Override
  public String toString() {
    return "Backoff[first=" + Duration.ofNanos(firstNanos) + ", max=" + Duration.ofNanos(maxNanos) + "]";
  }
}
