package dev.mq.sqs.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * How a queue name (checked before with the portable rule of SPEC 8.5, {@link dev.mq.spi.Names})
 * becomes an SQS queue name: 1 to 80 characters of {@code A-Z a-z 0-9 _ -}, FIFO queues ending in
 * {@code .fifo}.
 */
final class QueueNames {

  /** Longest queue prefix: leaves room for a hashed name and the FIFO suffix. */
  static final int MAX_PREFIX_LENGTH = 40;
  /** SQS's longest queue name, suffix included. */
  static final int SQS_MAX_LENGTH = 80;
  /** The FIFO suffix SQS requires. */
  static final String FIFO_SUFFIX = ".fifo";

  private static final Pattern SQS_CHARS = Pattern.compile("[A-Za-z0-9_-]+");
  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_-]{0," + MAX_PREFIX_LENGTH + "}");
  /** "-" and 16 hex digits of a SHA-256 of the whole name. */
  private static final int HASH_SUFFIX_LENGTH = 17;

  private QueueNames() {}

  /** True when {@code prefix} may precede every SQS queue name. */
  static boolean isValidPrefix(String prefix) {
    return PREFIX.matcher(prefix).matches();
  }

  /** True when {@code name} names a FIFO queue in a broker whose default is {@code fifoBroker}. */
  static boolean isFifo(String name, boolean fifoBroker) {
    return fifoBroker || name.endsWith(FIFO_SUFFIX);
  }

  /**
   * The SQS queue name of a valid queue name. A FIFO broker makes every queue FIFO (the whole name
   * is the base); otherwise a name ending in {@code .fifo} is a FIFO queue of the rest. A base of
   * SQS characters that fits is used as it is; any other base (a '.', or too long) becomes its
   * first characters with '.' as '_', a '-' and 16 hex digits of the SHA-256 of the whole name.
   */
  static String sqsName(String prefix, String name, boolean fifoBroker) {
    boolean fifo = isFifo(name, fifoBroker);
    String base = !fifoBroker && fifo ? name.substring(0, name.length() - FIFO_SUFFIX.length()) : name;
    String suffix = fifo ? FIFO_SUFFIX : "";
    int budget = SQS_MAX_LENGTH - prefix.length() - suffix.length();
    if (!base.isEmpty() && base.length() <= budget && SQS_CHARS.matcher(base).matches()) {
      return prefix + base + suffix;
    }
    String readable = base.replace('.', '_');
    int keep = Math.min(readable.length(), budget - HASH_SUFFIX_LENGTH);
    return prefix + readable.substring(0, keep) + "-" + hash(name) + suffix;
  }

  private static String hash(String name) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
