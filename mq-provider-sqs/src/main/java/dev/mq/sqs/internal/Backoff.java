package dev.mq.sqs.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential back-off with full jitter, for the provider's own retries (per-entry batch
 * failures); the SDK retries whole calls itself. One class so that it can give way to the shared
 * helper of {@code dev.mq.spi} later.
 */
final class Backoff {

  private final long baseMillis;
  private final long maxMillis;

  Backoff(Duration base, Duration max) {
    this.baseMillis = Math.max(1, base.toMillis());
    this.maxMillis = Math.max(baseMillis, max.toMillis());
  }

  /** A random wait in {@code [0, min(max, base × 2^(retry−1))]}, for retry 1, 2, ... */
  long delayMillis(int retry) {
    long ceiling = baseMillis << Math.min(Math.max(retry - 1, 0), 20);
    return ThreadLocalRandom.current().nextLong(Math.min(ceiling, maxMillis) + 1);
  }

  /** Sleeps before {@code retry}; false when interrupted (the flag is set again). */
  boolean sleep(int retry) {
    try {
      Thread.sleep(delayMillis(retry));
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
