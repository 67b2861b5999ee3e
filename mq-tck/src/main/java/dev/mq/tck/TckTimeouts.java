package dev.mq.tck;

import java.time.Duration;
import java.util.Locale;

/**
 * Every wait of the kit, in one place. Each base value is multiplied by a factor taken from the
 * environment variable {@value #FACTOR_ENV} or the system property {@value #FACTOR_PROPERTY}
 * (when both are set, the larger wins; default 1). Raise it for remote or slow brokers, for
 * example {@code MQTCK_TIMEOUT_FACTOR=5} against a Kinesis emulator on a busy machine. The names
 * lie outside the {@code mq.} / {@code MQ_} namespace on purpose: {@code MessageQueues.connect()}
 * reads that namespace and rejects keys it does not know.
 *
 * <p>No test asserts that something was fast: {@link #await()} bounds waits for something that
 * must happen, {@link #quiet()} is how long nothing may arrive for a negative assertion.
 */
public final class TckTimeouts {

  /** Environment variable holding the factor. */
  public static final String FACTOR_ENV = "MQTCK_TIMEOUT_FACTOR";
  /** System property holding the factor. */
  public static final String FACTOR_PROPERTY = "mqtck.timeout.factor";
  /** Largest accepted factor; a bound keeps a typo from turning a failure into a hang. */
  public static final double MAX_FACTOR = 1000;

  private static final Duration BASE_AWAIT = Duration.ofSeconds(10);
  private static final Duration BASE_QUIET = Duration.ofMillis(300);
  private static final Duration BASE_SHUTDOWN = Duration.ofSeconds(10);
  private static final Duration BASE_POLL = Duration.ofMillis(200);
  private static final Duration BASE_CLOSE = Duration.ofSeconds(5);

  private final double factor;

  private TckTimeouts(double factor) {
    if (!(factor > 0) || factor > MAX_FACTOR) {
      throw new IllegalArgumentException("timeout factor must be > 0 and <= " + MAX_FACTOR + ": " + factor);
    }
    this.factor = factor;
  }

  /** {@return the timeouts scaled by {@value #FACTOR_ENV} or {@value #FACTOR_PROPERTY}} */
  public static TckTimeouts fromEnvironment() {
    double env = parse(FACTOR_ENV, System.getenv(FACTOR_ENV));
    double property = parse(FACTOR_PROPERTY, System.getProperty(FACTOR_PROPERTY));
    double factor = Math.max(env, property);
    return new TckTimeouts(factor > 0 ? factor : 1);
  }

  /**
   * {@return the timeouts scaled by {@code factor}}
   *
   * @param factor the factor every base value is multiplied by
   */
  public static TckTimeouts withFactor(double factor) {
    return new TckTimeouts(factor);
  }

  /** {@return the factor every base value is multiplied by} */
  public double factor() {
    return factor;
  }

  /**
   * {@return longest wait for something that must happen, such as a pushed message becoming
   * available}
   */
  public Duration await() {
    return scale(BASE_AWAIT);
  }

  /** {@return how long nothing may arrive before a test concludes that nothing will} */
  public Duration quiet() {
    return scale(BASE_QUIET);
  }

  /** {@return longest wait for the kit's own threads and for subscriptions to stop} */
  public Duration shutdown() {
    return scale(BASE_SHUTDOWN);
  }

  /**
   * {@return the wait of one step in a polling loop, and the poll wait of the kit's subscriptions}
   */
  public Duration poll() {
    return scale(BASE_POLL);
  }

  /** {@return the close timeout the kit's subscriptions use} */
  public Duration subscriptionClose() {
    return scale(BASE_CLOSE);
  }

  @Override
  public String toString() {
    return "TckTimeouts[factor=" + factor + ", await=" + await() + ", quiet=" + quiet() + "]";
  }

  private Duration scale(Duration base) {
    return Duration.ofNanos(Math.round(base.toNanos() * factor));
  }

  private static double parse(String name, String raw) {
    if (raw == null || raw.isBlank()) {
      return 0;
    }
    try {
      double v = Double.parseDouble(raw.trim().toLowerCase(Locale.ROOT));
      if (v > 0 && v <= MAX_FACTOR) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        name + " must be a number > 0 and <= " + MAX_FACTOR + ", but is '" + raw + "'");
  }
}
