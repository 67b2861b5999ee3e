package dev.mq.kinesis.internal.fanout;

import dev.mq.spi.Names;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The name of a group's registered stream consumer: {@code mq-} followed by the group name.
 * Kinesis allows 1 to 128 letters, digits, {@code _ . -} in a consumer name; a group name too
 * long for that (SPEC 8.5 promises 128 characters, the provider takes 255) keeps its first 108
 * characters followed by {@code -} and 16 hex digits of its SHA-256, so every process of the
 * group derives the same name and different groups almost surely different ones.
 */
public final class ConsumerNames {

  /** The prefix that marks consumers registered by this provider. */
  public static final String PREFIX = "mq-";
  /** What a fan-out group name must look like, for error messages. */
  public static final String RULE = "a consumer group of " + Names.RULE;

  static final int MAX_CONSUMER_NAME = 128;
  private static final int HASH_HEX_DIGITS = 16;

  private ConsumerNames() {}

  /**
   * {@return true when {@code group} yields a valid consumer name}
   *
   * @param group a consumer group
   */
  public static boolean isValidGroup(String group) {
    return Names.isValid(group); // the portable names of SPEC 8.5 give valid consumer names
  }

  /**
   * The consumer name of {@code group}.
   *
   * @param group a consumer group
   * @return the name of its stream consumer
   * @throws IllegalArgumentException when the group yields no valid consumer name
   */
  public static String of(String group) {
    if (!isValidGroup(group)) {
      throw new IllegalArgumentException("consumer group '" + group + "' cannot be read with "
          + "enhanced fan-out: it must be " + RULE);
    }
    String name = PREFIX + group;
    if (name.length() <= MAX_CONSUMER_NAME) {
      return name;
    }
    int keep = MAX_CONSUMER_NAME - PREFIX.length() - 1 - HASH_HEX_DIGITS;
    return PREFIX + group.substring(0, keep) + "-" + sha256Hex(group).substring(0, HASH_HEX_DIGITS);
  }

  private static String sha256Hex(String s) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
