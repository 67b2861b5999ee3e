package dev.mq.spi;

import java.util.Objects;

/**
 * The rule for queue and consumer group names (SPEC 8.5): 1 to {@link #MAX_LENGTH} characters of
 * {@code A-Z a-z 0-9 . _ -}. Part of the provider support layer: a provider that checks names with
 * {@link #check} refuses exactly what SPEC 8.5 says it must, with an
 * {@link IllegalArgumentException} that names the value. A provider whose broker allows less (a
 * shorter name, such as a stream name with a prefix) passes its own {@code maxLength}: at least
 * {@link #PORTABLE_LENGTH} less what its configuration takes (such as a name prefix).
 */
public final class Names {

  /** Longest name any provider accepts. */
  public static final int MAX_LENGTH = 255;
  /** Longest name every provider accepts (SPEC 8.5), before a configured prefix takes its share. */
  public static final int PORTABLE_LENGTH = 128;
  /** The rule, for messages. */
  public static final String RULE = rule(MAX_LENGTH);

  private Names() {}

  /**
   * {@return the rule with another longest length, for messages: "1 to N characters of ..."}
   *
   * @param maxLength the longest length allowed
   */
  public static String rule(int maxLength) {
    return "1 to " + maxLength + " characters of A-Z, a-z, 0-9, '.', '_' and '-'";
  }

  /**
   * {@return true when {@code name} is 1 to {@link #MAX_LENGTH} allowed characters; false for null}
   *
   * @param name the name to check; may be null
   */
  public static boolean isValid(String name) {
    return isValid(name, MAX_LENGTH);
  }

  /**
   * {@return true when {@code name} is 1 to {@code maxLength} allowed characters; false for null}
   *
   * @param name the name to check; may be null
   * @param maxLength the longest length allowed
   */
  public static boolean isValid(String name, int maxLength) {
    if (name == null || name.isEmpty() || name.length() > maxLength) {
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
   * {@return {@code name} when it is valid}
   *
   * @param what what the name names, for the message ("queue name", "consumer group")
   * @param name the name to check
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
}
