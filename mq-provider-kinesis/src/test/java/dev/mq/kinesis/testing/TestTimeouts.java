package dev.mq.kinesis.testing;

import dev.mq.tck.TckTimeouts;
import java.time.Duration;

/**
 * Scales test waits by the TCK's timeout factor (system property {@code mqtck.timeout.factor};
 * default 1), so slow machines can raise every bound at once.
 */
public final class TestTimeouts {

  private TestTimeouts() {}

  /** {@code base} multiplied by the timeout factor. */
  public static Duration scaled(Duration base) {
    return base.multipliedBy(factor());
  }

  /** The timeout factor: a whole number from 1 to 100. */
  public static long factor() {
    String raw = System.getProperty(TckTimeouts.FACTOR_PROPERTY, "1").trim();
    try {
      return Math.max(1, Math.min(100, Long.parseLong(raw)));
    } catch (NumberFormatException e) {
      return 1;
    }
  }
}
