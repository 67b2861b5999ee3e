package dev.mq.spi;

import dev.mq.DeadLetters;

/**
 * The reason recorded with a dead letter ({@link DeadLetters#REASON}) and logged when a message
 * is dropped (SPEC 5.5, 5.6). Part of the provider support layer: every provider gives the same
 * default reasons and shortens long ones the same way, so no reason can make a dead letter fail.
 *
 * <p>The rule: a reason of at most {@link DeadLetters#MAX_REASON_LENGTH} (1,024) characters is
 * kept; a longer one keeps its first 1,021 characters followed by {@code "..."}, 1,024 in all.
 * Unpaired surrogates, which UTF-8 cannot carry, become U+FFFD, so a surrogate pair split by the
 * cut leaves U+FFFD as the last character before {@code "..."}. A null reason is
 * {@link #REJECTED}.
 */
public final class DeadLetterReasons {

  /** What a message rejected without requeue and without a reason is dead-lettered with. */
  public static final String REJECTED = "rejected";

  private static final String ELLIPSIS = "...";

  private DeadLetterReasons() {}

  /**
   * {@return the reason to record for a message rejected with {@code reason} (may be null): the
   * reason itself, or the default for a reject without requeue ({@link #REJECTED}) or at the
   * attempt limit; shortened by {@link #shorten}}
   *
   * @param requeue whether the reject asked for a requeue (so the attempt limit ended it)
   * @param maxDeliveryAttempts the limit, for the default reason at the limit
   * @param reason the reason given to {@code reject}; may be null
   */
  public static String of(String reason, boolean requeue, int maxDeliveryAttempts) {
    if (reason != null) {
      return shorten(reason);
    }
    return requeue ? "rejected at the limit of " + maxDeliveryAttempts + " delivery attempts" : REJECTED;
  }

  /**
   * {@return {@code reason} by the rule of this class: at most
   * {@link DeadLetters#MAX_REASON_LENGTH} characters, unpaired surrogates replaced; null gives
   * {@link #REJECTED}}
   *
   * @param reason the reason; may be null
   */
  public static String shorten(String reason) {
    if (reason == null) {
      return REJECTED;
    }
    String cut = reason.length() <= DeadLetters.MAX_REASON_LENGTH ? reason
        : reason.substring(0, DeadLetters.MAX_REASON_LENGTH - ELLIPSIS.length()) + ELLIPSIS;
    return withoutUnpairedSurrogates(cut);
  }

  private static String withoutUnpairedSurrogates(String s) {
    if (Utf8.unpairedSurrogateAt(s) < 0) {
      return s; // the common case: nothing to copy
    }
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        sb.append(c).append(s.charAt(++i));
      } else {
        sb.append(Character.isSurrogate(c) ? '\uFFFD' : c);
      }
    }
    return sb.toString();
  }
}
