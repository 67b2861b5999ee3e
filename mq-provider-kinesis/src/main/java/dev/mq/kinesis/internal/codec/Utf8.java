package dev.mq.kinesis.internal.codec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8: lengths without encoding, and decoding that fails on malformed input. */
final class Utf8 {

  private Utf8() {}

  /**
   * The UTF-8 length of {@code s} in bytes, or -1 when {@code s} holds an unpaired surrogate
   * (which UTF-8 cannot represent, so it would not round-trip).
   */
  static int encodedLength(String s) {
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

  /** Decodes {@code length} bytes at {@code offset}; malformed input is an exception. */
  static String decode(byte[] data, int offset, int length, String what) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(data, offset, length))
          .toString();
    } catch (CharacterCodingException e) {
      throw new RecordFormatException(what + " is not valid UTF-8", e);
    }
  }
}
