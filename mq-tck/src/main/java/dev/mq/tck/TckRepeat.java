package dev.mq.tck;

/**
 * How often the kit runs each rule test: the environment variable {@value #REPEAT_ENV} or the
 * system property {@value #REPEAT_PROPERTY} (when both are set, the larger wins; default 1, at most
 * {@value #MAX_REPEAT}). A rule test that passes once may still fail one run in fifty on a racy
 * provider; {@code MQTCK_REPEAT=50} reruns each test fifty times, each run with a fresh session
 * (fresh brokers, queues and threads), and a failure names the repetition that failed.
 */
public final class TckRepeat {

  /** Environment variable holding the count. */
  public static final String REPEAT_ENV = "MQTCK_REPEAT";
  /** System property holding the count. */
  public static final String REPEAT_PROPERTY = "mqtck.repeat";
  /** Largest accepted count; a bound keeps a typo from turning a test run into days. */
  public static final int MAX_REPEAT = 1000;

  private TckRepeat() {}

  /**
   * {@return the count from {@value #REPEAT_ENV} and {@value #REPEAT_PROPERTY}; 1 when neither is
   * set}
   */
  public static int fromEnvironment() {
    return count(System.getenv(REPEAT_ENV), System.getProperty(REPEAT_PROPERTY));
  }

  /**
   * {@return the count from the raw values of the environment variable and the system property
   * (either may be null or blank: not set)} Throws {@link IllegalArgumentException} naming the
   * setting when a value is not a whole number from 1 to {@value #MAX_REPEAT}.
   *
   * @param env the environment variable's value; may be null
   * @param property the system property's value; may be null
   */
  public static int count(String env, String property) {
    return Math.max(Math.max(parse(REPEAT_ENV, env), parse(REPEAT_PROPERTY, property)), 1);
  }

  private static int parse(String name, String raw) {
    if (raw == null || raw.isBlank()) {
      return 0;
    }
    try {
      int n = Integer.parseInt(raw.trim());
      if (n >= 1 && n <= MAX_REPEAT) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        name + " must be a whole number from 1 to " + MAX_REPEAT + ", but is '" + raw + "'");
  }
}
