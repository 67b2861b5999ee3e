package dev.mq.kinesis.internal.producer;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential back-off with full jitter: before retry {@code n} (1 for the first retry) wait a
 * uniformly random time in {@code [0, min(max, base * 2^(n-1))]}. Full jitter spreads retries of
 * many producers hitting one throttled shard instead of having them retry in lock step.
 */
final class Backoff {

  private final long baseNanos;
  private final long maxNanos;

  Backoff(Duration base, Duration max) {
    this.baseNanos = base.toNanos();
    this.maxNanos = max.toNanos();
  }

  /** The ceiling before jitter for retry {@code retry} (1-based). */
  long ceilingNanos(int retry) {
    int shift = Math.min(Math.max(retry - 1, 0), 40);
    long ceiling = baseNanos << shift;
    return ceiling <= 0 || ceiling > maxNanos || (ceiling >> shift) != baseNanos ? maxNanos : ceiling;
  }

  /** A random delay for retry {@code retry} (1-based). */
  long delayNanos(int retry) {
    return ThreadLocalRandom.current().nextLong(ceilingNanos(retry) + 1);
  }
}
