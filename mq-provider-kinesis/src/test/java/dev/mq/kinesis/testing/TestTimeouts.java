package dev.mq.kinesis.testing;

import java.time.Duration;

/**
 * Scales test waits by the TCK's timeout factor (environment variable {@code MQTCK_TIMEOUT_FACTOR}
 * or system property {@code mqtck.timeout.factor}, the larger wins; default 1), so slow machines
 * can raise every bound at once. The names are the TCK's ({@code dev.mq.tck.TckTimeouts}), kept
 * here as text because the benchmarks use this class without the TCK on their class path.
 */
public final class TestTimeouts {

  private static final String FACTOR_ENV = "MQTCK_TIMEOUT_FACTOR";
  private static final String FACTOR_PROPERTY = "mqtck.timeout.factor";

  private TestTimeouts() {}

  /** {@code base} multiplied by the timeout factor. */
  public static Duration scaled(Duration base) {
    return Duration.ofNanos((long) Math.min(Long.MAX_VALUE, base.toNanos() * factor()));
  }

  /** The timeout factor: from 1 to 100; unparsable values count as 1. */
  public static double factor() {
    double f = Math.max(parse(System.getenv(FACTOR_ENV)), parse(System.getProperty(FACTOR_PROPERTY)));
    return Math.max(1, Math.min(100, f));
  }

  private static double parse(String raw) {
    if (raw == null || raw.isBlank()) {
      return 1;
    }
    try {
      double v = Double.parseDouble(raw.trim());
      return Double.isFinite(v) ? v : 1;
    } catch (NumberFormatException e) {
      return 1;
    }
  }
}
