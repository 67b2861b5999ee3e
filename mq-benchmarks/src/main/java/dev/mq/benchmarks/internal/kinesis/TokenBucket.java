package dev.mq.benchmarks.internal.kinesis;

import java.util.function.LongSupplier;

/**
 * A token bucket: {@code ratePerSecond} tokens a second, holding at most one second's worth. It
 * starts empty, so a measurement cannot profit from a burst saved up before it began.
 * Thread-safe.
 */
public final class TokenBucket {

  private final double ratePerNano;
  private final double capacity;
  private final LongSupplier clock;
  private double tokens;
  private long last;

  /**
   * @param ratePerSecond tokens added per second, above 0
   * @param clock nanosecond clock ({@code System::nanoTime}; tests pass their own)
   */
  public TokenBucket(double ratePerSecond, LongSupplier clock) {
    if (!(ratePerSecond > 0)) {
      throw new IllegalArgumentException("ratePerSecond must be above 0: " + ratePerSecond);
    }
    this.ratePerNano = ratePerSecond / 1e9;
    this.capacity = ratePerSecond;
    this.clock = clock;
    this.last = clock.getAsLong();
  }

  /** Takes {@code n} tokens if there are that many; otherwise takes none. */
  public synchronized boolean tryTake(double n) {
    refill();
    if (tokens >= n) {
      tokens -= n;
      return true;
    }
    return false;
  }

  /** Whether {@code n} tokens are there now (takes none). */
  public synchronized boolean has(double n) {
    refill();
    return tokens >= n;
  }

  private void refill() {
    long now = clock.getAsLong();
    tokens = Math.min(capacity, tokens + (now - last) * ratePerNano);
    last = now;
  }
}
