package dev.mq.spi;

/**
 * UTF-8 sizes and checks without encoding, so that counting or checking a message allocates
 * nothing. Part of the provider support layer: {@link dev.mq.EnvelopeLimits} and the providers
 * count UTF-8 bytes with it, so they never disagree on a size.
 *
 * <p>Strings that {@link dev.mq.Envelope.Builder} accepted hold no unpaired surrogate, so
 * {@link #length(String)} of any field of an envelope is never negative.
 */
public final class Utf8 {

  private Utf8() {}

  /**
   * {@return the UTF-8 length of {@code s} in bytes, or -1 when {@code s} holds an unpaired
   * surrogate (which UTF-8 cannot carry, so it would not arrive as it was sent)}
   *
   * @param s the text
   * @throws NullPointerException if {@code s} is null
   */
  public static int length(String s) {
    int n = 0;
    int len = s.length();
    for (int i = 0; i < len; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)) {
        if (i + 1 >= len || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return -1;
        }
        n += 4;
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return -1;
      } else {
        n += 3;
      }
    }
    return n;
  }

  /**
   * {@return the index of the first unpaired surrogate of {@code s}, or -1 when it has none}
   *
   * @param s the text
   */
  public static int unpairedSurrogateAt(String s) {
    int len = s.length();
    for (int i = 0; i < len; i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= len || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return i;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * {@return whether {@code length} bytes at {@code offset} are well-formed UTF-8 as the Unicode
   * standard defines it (table 3-7): no overlong forms, no surrogates, nothing above U+10FFFF, no
   * truncated sequence} Checks without allocating, for decoders of untrusted records.
   *
   * @param data the bytes
   * @param offset where the range starts
   * @param length the range's length in bytes
   */
  public static boolean isWellFormed(byte[] data, int offset, int length) {
    int i = offset;
    int end = offset + length;
    while (i < end) {
      int b = data[i] & 0xFF;
      if (b < 0x80) {
        i++;
        continue;
      }
      int continuation;
      int secondMin = 0x80;
      int secondMax = 0xBF;
      if (b >= 0xC2 && b <= 0xDF) {
        continuation = 1;
      } else if (b >= 0xE0 && b <= 0xEF) {
        continuation = 2;
        if (b == 0xE0) {
          secondMin = 0xA0; // no overlong three-byte form
        } else if (b == 0xED) {
          secondMax = 0x9F; // no UTF-16 surrogates
        }
      } else if (b >= 0xF0 && b <= 0xF4) {
        continuation = 3;
        if (b == 0xF0) {
          secondMin = 0x90; // no overlong four-byte form
        } else if (b == 0xF4) {
          secondMax = 0x8F; // nothing above U+10FFFF
        }
      } else {
        return false; // a continuation byte first, C0/C1 (overlong) or F5..FF
      }
      if (end - i - 1 < continuation) {
        return false;
      }
      int second = data[i + 1] & 0xFF;
      if (second < secondMin || second > secondMax) {
        return false;
      }
      for (int k = 2; k <= continuation; k++) {
        int c = data[i + k] & 0xFF;
        if (c < 0x80 || c > 0xBF) {
          return false;
        }
      }
      i += continuation + 1;
    }
    return true;
  }
}
