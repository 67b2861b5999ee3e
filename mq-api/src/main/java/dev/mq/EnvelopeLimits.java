package dev.mq;

import dev.mq.spi.Utf8;

/**
 * The limits every envelope keeps, the same for every provider (SPEC rule 2.9), so that a message
 * one broker accepts is never refused by another for its shape. {@link Envelope.Builder} enforces
 * them with an {@link IllegalArgumentException} that names the field and the limit. Sizes are
 * counted in UTF-8 bytes. A provider's own maximum message size (rule 2.5) applies on top.
 *
 * <p>Every string (message id, partition key, property names and values) must also be
 * well-formed UTF-16: an unpaired surrogate cannot be carried by UTF-8, so it would not arrive as
 * it was sent.
 */
public final class EnvelopeLimits {

  /** Longest message id: 1,024 UTF-8 bytes (and at least one character). */
  public static final int MAX_MESSAGE_ID_BYTES = 1024;
  /** Longest partition key: 4,096 UTF-8 bytes (and at least one character). */
  public static final int MAX_PARTITION_KEY_BYTES = 4096;
  /** Longest property name: 1,024 UTF-8 bytes (and at least one character). */
  public static final int MAX_PROPERTY_NAME_BYTES = 1024;
  /** Longest property value: 65,535 UTF-8 bytes; empty is allowed. */
  public static final int MAX_PROPERTY_VALUE_BYTES = 65_535;
  /**
   * Most properties per envelope, not counting those whose names start with
   * {@link #RESERVED_PREFIX}.
   */
  public static final int MAX_PROPERTIES = 256;
  /**
   * Names starting with {@code mq.} are reserved for properties the library and providers add
   * (such as {@link DeadLetters}'); they do not count toward {@link #MAX_PROPERTIES}, so that a
   * message with the most properties can still be dead-lettered. Applications may set them, for
   * example to re-publish a dead letter.
   */
  public static final String RESERVED_PREFIX = "mq.";

  private EnvelopeLimits() {}

  /**
   * Checks a string field; returns it. {@code field} and {@code property} name the field for the
   * message ({@code property} may be null); the message is built only when the check fails, so a
   * valid value costs one pass over its chars and no allocation.
   */
  static String checkText(String value, String field, String property, int minChars, int maxBytes) {
    if (value.length() < minChars) {
      throw new IllegalArgumentException(describe(field, property) + " must not be empty");
    }
    int bytes = Utf8.length(value);
    if (bytes < 0) {
      throw new IllegalArgumentException(describe(field, property) + " holds an unpaired surrogate (at char "
          + Utf8.unpairedSurrogateAt(value) + "), which UTF-8 cannot carry");
    }
    if (bytes > maxBytes) {
      throw new IllegalArgumentException(describe(field, property) + " is " + bytes
          + " UTF-8 bytes, over the limit of " + maxBytes);
    }
    return value;
  }

  private static String describe(String field, String property) {
    return property == null ? field : field + " '" + shorten(property) + "'";
  }

  /**
   * Checks that one more property named {@code name} fits, given the {@code count} properties
   * already set (none of them named {@code name}).
   */
  static void checkCount(Iterable<String> names, int count, String name) {
    if (count < MAX_PROPERTIES || name.startsWith(RESERVED_PREFIX)) {
      return; // the common case costs nothing
    }
    int counted = 0;
    for (String n : names) {
      if (!n.startsWith(RESERVED_PREFIX)) {
        counted++;
      }
    }
    if (counted >= MAX_PROPERTIES) {
      throw new IllegalArgumentException("property '" + shorten(name) + "' would be property "
          + (counted + 1) + "; an envelope holds at most " + MAX_PROPERTIES + " properties (names "
          + "starting with '" + RESERVED_PREFIX + "' not counted)");
    }
  }

  /** A name cut to 64 characters, for messages (names may be up to 1 KiB). */
  static String shorten(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "...";
  }
}
