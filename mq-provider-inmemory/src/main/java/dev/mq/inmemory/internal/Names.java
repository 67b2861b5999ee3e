package dev.mq.inmemory.internal;

import java.util.Objects;

/** The rule for queue and consumer group names: 1 to 255 characters of {@code [A-Za-z0-9._-]}. */
public final class Names {

  /** Longest name. */
  public static final int MAX_LENGTH = 255;

  private Names() {}

  /** True when {@code name} follows the rule. */
  public static boolean isValid(String name) {
    if (name.isEmpty() || name.length() > MAX_LENGTH) {
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
      throw new IllegalArgumentException("invalid " + what + " '" + name + "': use 1 to "
          + MAX_LENGTH + " characters of A-Z, a-z, 0-9, '.', '_' and '-'");
    }
    return name;
  }
}
