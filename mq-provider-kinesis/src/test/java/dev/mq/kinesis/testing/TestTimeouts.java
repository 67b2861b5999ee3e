package dev.mq.kinesis.testing;

import dev.mq.tck.TckTimeouts;
import java.time.Duration;

/**
 * Scales the harness's and the provider tests' waits by the TCK's timeout factor
 * ({@link TckTimeouts#FACTOR_ENV} or {@link TckTimeouts#FACTOR_PROPERTY}), so slow machines can
 * raise every bound at once.
 */
public final class TestTimeouts {

  private TestTimeouts() {}

  /** {@code base} multiplied by the timeout factor. */
  public static Duration scaled(Duration base) {
    return Duration.ofNanos((long) Math.min(Long.MAX_VALUE, base.toNanos() * factor()));
  }

  /** The timeout factor, as the TCK reads it. */
  public static double factor() {
    return TckTimeouts.fromEnvironment().factor();
  }
}
