package dev.mq.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a message rejected with requeue (or whose handler threw) waits before it is delivered
 * again: {@code initialDelay × multiplier^(attempt − 1)}, at most {@code maxDelay}, for the
 * delivery attempt that was rejected. Read from {@code mq.retry.*} by
 * {@link ProviderConfig#retryPolicy()}; every provider applies it the same way (SPEC 5.7). Part of
 * the provider support layer (see {@link Deliveries}, {@link DeliveryTags},
 * {@link DeadLetterReasons}, {@link Names}, {@link Utf8}, {@link Backoff}, {@link DaemonThreads}):
 * a provider that waits {@link #delayAfter(int)} before redelivering a requeued message, and checks
 * {@code reject}'s delay with {@link #requeueDelayNanos(Duration)}, keeps rules 5.7 to 5.9.
 *
 * @param initialDelay the wait after the first delivery attempt was rejected; zero for none
 * @param multiplier the factor from one attempt's wait to the next; at least 1
 * @param maxDelay the longest wait; at least {@code initialDelay}
 */
public record RetryPolicy(Duration initialDelay, double multiplier, Duration maxDelay) {

  /** The defaults: 1 s, doubling, at most 10 s (as Spring Cloud Stream's consumers). */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(10));
  /** No wait at all: a requeued message is deliverable at once. */
  public static final RetryPolicy IMMEDIATE = new RetryPolicy(Duration.ZERO, 1.0, Duration.ZERO);

  /**
   *
   * @param initialDelay the wait after the first delivery attempt was rejected; zero for none
   * @param multiplier the factor from one attempt's wait to the next; at least 1
   * @param maxDelay the longest wait; at least {@code initialDelay}
   * @throws IllegalArgumentException if a delay is negative, {@code maxDelay} is below
   *     {@code initialDelay}, or {@code multiplier} is below 1 or not finite
   */
  public RetryPolicy {
    Objects.requireNonNull(initialDelay, "initialDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (initialDelay.isNegative() || maxDelay.isNegative()) {
      throw new IllegalArgumentException("retry delays must not be negative");
    }
    if (maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException("the largest retry delay " + maxDelay
          + " is below the first one " + initialDelay);
    }
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException("the retry multiplier must be a number of at least 1: " + multiplier);
    }
  }

  /**
   * {@return the nanoseconds of a delay given to {@code reject(envelope, delay, reason)}, saturated
   * at {@code Long.MAX_VALUE}: every provider checks it the same way}
   *
   * @param delay the delay given to {@code reject}
   * @throws NullPointerException if {@code delay} is null
   * @throws IllegalArgumentException if {@code delay} is negative
   */
  public static long requeueDelayNanos(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative: " + delay);
    }
    try {
      return delay.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /**
   * {@return the wait before a message whose delivery {@code attempt} (1 for the first) was
   * rejected with requeue may be delivered again}
   *
   * @param attempt the rejected delivery attempt, from 1
   * @throws IllegalArgumentException if {@code attempt} is below 1
   */
  public Duration delayAfter(int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("delivery attempts start at 1: " + attempt);
    }
    double nanos = initialDelay.toNanos() * Math.pow(multiplier, attempt - 1);
    long max = maxDelay.toNanos();
    return nanos >= max ? maxDelay : Duration.ofNanos((long) nanos);
  }
}
