package dev.mq.sqs.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Queue and consumer group names: the portable rule of SPEC 8.5 (1 to 255 characters of
 * {@code A-Z a-z 0-9 . _ -}), and how a queue name becomes an SQS queue name (1 to 80 characters
 * of {@code A-Z a-z 0-9 _ -}, FIFO queues ending in {@code .fifo}). Kept in one class so that it
 * can give way to the shared name check of {@code dev.mq.spi} later.
 */
public final class QueueNames {

  /** Longest name the contract allows. */
  public static final int MAX_LENGTH = 255;
  /** Longest queue prefix: leaves room for a hashed name and the FIFO suffix. */
  public static final int MAX_PREFIX_LENGTH = 40;
  /** SQS's longest queue name, suffix included. */
  public static final int SQS_MAX_LENGTH = 80;
  /** The FIFO suffix SQS requires. */
  public static final String FIFO_SUFFIX = ".fifo";
  /** The rule, for messages. */
  public static final String RULE = "1 to " + MAX_LENGTH + " characters of A-Z, a-z, 0-9, '.', '_' and '-'";

  private static final Pattern SQS_CHARS = Pattern.compile("[A-Za-z0-9_-]+");
  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_-]{0," + MAX_PREFIX_LENGTH + "}");
  /** "-" and 16 hex digits of a SHA-256 of the whole name. */
  private static final int HASH_SUFFIX_LENGTH = 17;

  private QueueNames() {}

  /** True when {@code name} follows the portable rule. */
  public static boolean isValid(String name) {
    if (name == null || name.isEmpty() || name.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '_' || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns {@code name} when it is valid.
   *
   * @param what what the name names, for the message ("queue name", "consumer group")
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException naming the value otherwise
   */
  public static String check(String name, String what) {
    Objects.requireNonNull(name, what);
    if (!isValid(name)) {
      throw new IllegalArgumentException("invalid " + what + " '" + name + "': use " + RULE);
    }
    return name;
  }

  /** True when {@code prefix} may precede every SQS queue name. */
  public static boolean isValidPrefix(String prefix) {
    return PREFIX.matcher(prefix).matches();
  }

  /** True when {@code name} names a FIFO queue in a broker whose default is {@code fifoBroker}. */
  public static boolean isFifo(String name, boolean fifoBroker) {
    return fifoBroker || name.endsWith(FIFO_SUFFIX);
  }

  /**
   * The SQS queue name of a valid queue name. A FIFO broker makes every queue FIFO (the whole name
   * is the base); otherwise a name ending in {@code .fifo} is a FIFO queue of the rest. A base of
   * SQS characters that fits is used as it is; any other base (a '.', or too long) becomes its
   * first characters with '.' as '_', a '-' and 16 hex digits of the SHA-256 of the whole name.
   */
  public static String sqsName(String prefix, String name, boolean fifoBroker) {
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
