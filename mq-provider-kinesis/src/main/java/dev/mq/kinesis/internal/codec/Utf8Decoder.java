package dev.mq.kinesis.internal.codec;

import dev.mq.spi.Utf8;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 decoding of record fields: malformed input fails instead of being replaced. */
final class Utf8Decoder {

  private Utf8Decoder() {}

  /**
   * Decodes {@code length} bytes at {@code offset}; malformed input is a
   * {@link RecordFormatException}. The bytes are checked first, without allocating
   * ({@link Utf8#isWellFormed}), so that the only allocation is the string itself (a
   * {@code CharsetDecoder} per field would allocate several hundred bytes even for an empty
   * string, which hostile records with many tiny fields could multiply).
   */
  static String decode(byte[] data, int offset, int length, String what) {
    if (!Utf8.isWellFormed(data, offset, length)) {
      throw new RecordFormatException(what + " is not valid UTF-8");
    }
    return length == 0 ? "" : new String(data, offset, length, StandardCharsets.UTF_8);
  }
}
