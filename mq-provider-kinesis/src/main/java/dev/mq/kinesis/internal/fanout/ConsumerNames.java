package dev.mq.kinesis.internal.fanout;

import java.util.regex.Pattern;

/**
 * The name of a group's registered stream consumer: {@code mq-} followed by the group name.
 * Kinesis allows 1 to 128 letters, digits, {@code _ . -} in a consumer name, so a group read
 * with enhanced fan-out has 1 to 125 of those characters.
 */
public final class ConsumerNames {

  /** The prefix that marks consumers registered by this provider. */
  public static final String PREFIX = "mq-";
  /** What a fan-out group name must look like, for error messages. */
  public static final String RULE = "a consumer group of 1 to 125 letters, digits, '_', '.' and '-' "
      + "(the stream consumer is named mq-<group>, at most 128 characters)";

  private static final Pattern GROUP = Pattern.compile("[a-zA-Z0-9_.-]{1,125}");

  private ConsumerNames() {}

  /** True when {@code group} yields a valid consumer name. */
  public static boolean isValidGroup(String group) {
    return group != null && GROUP.matcher(group).matches();
  }

  /**
   * The consumer name of {@code group}.
   *
   * @throws IllegalArgumentException when the group yields no valid consumer name
   */
  public static String of(String group) {
    if (!isValidGroup(group)) {
      throw new IllegalArgumentException("consumer group '" + group + "' cannot be read with "
          + "enhanced fan-out: it must be " + RULE);
    }
    return PREFIX + group;
  }
}
