package dev.mq.kinesis.faults;

/**
 * Sizes of the fault suite: a short version for every build, a long one (more messages, more
 * kills, higher fault rates) switched on with {@code -Dmqtest.faults.long=true}. The property is
 * not under {@code mq.} on purpose: every
 * {@code mq.*} system property reaches {@code MessageQueues.connect()} as configuration.
 */
final class FaultSettings {

  /** The switch. */
  static final String LONG_PROPERTY = "mqtest.faults.long";

  private FaultSettings() {}

  /** Whether the long version runs. */
  static boolean isLong() {
    return Boolean.getBoolean(LONG_PROPERTY);
  }

  /** {@code shortValue} in the short version, {@code longValue} in the long one. */
  static int pick(int shortValue, int longValue) {
    return isLong() ? longValue : shortValue;
  }

  /** {@code shortValue} in the short version, {@code longValue} in the long one. */
  static double pick(double shortValue, double longValue) {
    return isLong() ? longValue : shortValue;
  }
}
