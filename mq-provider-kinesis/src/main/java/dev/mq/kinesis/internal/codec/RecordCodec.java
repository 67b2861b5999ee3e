package dev.mq.kinesis.internal.codec;

import dev.mq.Envelope;
import dev.mq.EnvelopeLimits;
import dev.mq.spi.Utf8;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * This provider's record format, version 1: magic, version, flags, message id, optional
 * partition key, properties and body, every length checked. {@code docs/record-format.md}
 * describes it byte for byte.
 *
 * <p>Layout (integers big-endian, strings UTF-8):
 * <pre>
 * magic D1 4D 51 4B | version 01 | flags | u16 id length, id
 * | [flags bit 0: u16 key length, key] | u16 property count
 * | count x (u16 name length, name, u16 value length, value) | u32 body length, body
 * </pre>
 * Nothing may follow the body. Stateless and thread-safe.
 */
public final class RecordCodec {

  /** The first four bytes of every record in this format. Invalid UTF-8, and not KPL's. */
  static final byte[] MAGIC = {(byte) 0xD1, 0x4D, 0x51, 0x4B};
  /** The only version this codec writes and reads. */
  public static final int VERSION = 1;
  /** Flags bit 0: a partition key follows the message id. */
  static final int FLAG_PARTITION_KEY = 0x01;

  /** Longest message id, in UTF-8 bytes: the envelope's limit. */
  public static final int MAX_MESSAGE_ID_BYTES = EnvelopeLimits.MAX_MESSAGE_ID_BYTES;
  /** Longest envelope partition key, in UTF-8 bytes (the Kinesis key is derived from it). */
  public static final int MAX_PARTITION_KEY_BYTES = EnvelopeLimits.MAX_PARTITION_KEY_BYTES;
  /**
   * Most properties per message: the envelope's 256 counted ones plus as many reserved
   * {@code mq.} ones (dead-letter and provider properties), which envelopes do not count.
   */
  public static final int MAX_PROPERTIES = 2 * EnvelopeLimits.MAX_PROPERTIES;
  /** Longest property name, in UTF-8 bytes: the envelope's limit. */
  public static final int MAX_PROPERTY_NAME_BYTES = EnvelopeLimits.MAX_PROPERTY_NAME_BYTES;
  /** Longest property value, in UTF-8 bytes: the envelope's limit, and the u16 field's. */
  public static final int MAX_PROPERTY_VALUE_BYTES = EnvelopeLimits.MAX_PROPERTY_VALUE_BYTES;

  /** Bytes before the message id: magic, version, flags, id length. */
  private static final int HEADER_BYTES = MAGIC.length + 1 + 1 + 2;

  private RecordCodec() {}

  /**
   * The record for {@code envelope}. Delivery data (attempt, tag) is not stored.
   *
   * @param envelope the envelope to write
   * @return the record data
   * @throws IllegalArgumentException naming the limit when a field exceeds it, or naming the
   *     field when a string holds an unpaired surrogate (UTF-8 cannot carry it)
   */
  public static byte[] encode(Envelope envelope) {
    Objects.requireNonNull(envelope, "envelope");
    byte[] out = new byte[encodedSize(envelope)];
    Writer w = new Writer(out);
    w.bytes(MAGIC);
    w.u8(VERSION);
    String key = envelope.partitionKey().orElse(null);
    w.u8(key != null ? FLAG_PARTITION_KEY : 0);
    w.u16String(envelope.messageId());
    if (key != null) {
      w.u16String(key);
    }
    Map<String, String> properties = envelope.properties();
    w.u16(properties.size());
    for (Map.Entry<String, String> p : properties.entrySet()) {
      w.u16String(p.getKey());
      w.u16String(p.getValue());
    }
    w.u32(envelope.bodySize());
    w.bytes(envelope.body());
    if (w.position != out.length) {
      throw new IllegalStateException("encoded " + w.position + " bytes, computed " + out.length);
    }
    return out;
  }

  /**
   * The size of {@link #encode}'s result, computed without encoding (no allocation), after the
   * same limit checks.
   *
   * @param envelope the envelope to write
   * @return the size in bytes
   * @throws IllegalArgumentException as {@link #encode} does
   */
  public static int encodedSize(Envelope envelope) {
    Objects.requireNonNull(envelope, "envelope");
    long size = HEADER_BYTES + checkedLength(envelope.messageId(), "message id",
        "MAX_MESSAGE_ID_BYTES", MAX_MESSAGE_ID_BYTES);
    Optional<String> key = envelope.partitionKey();
    if (key.isPresent()) {
      size += 2 + checkedLength(key.get(), "partition key", "MAX_PARTITION_KEY_BYTES",
          MAX_PARTITION_KEY_BYTES);
    }
    Map<String, String> properties = envelope.properties();
    if (properties.size() > MAX_PROPERTIES) {
      throw new IllegalArgumentException("message " + envelope.messageId() + " has "
          + properties.size() + " properties, over the limit MAX_PROPERTIES = " + MAX_PROPERTIES);
    }
    size += 2;
    for (Map.Entry<String, String> p : properties.entrySet()) {
      size += 2 + checkedLength(p.getKey(), "property name '" + p.getKey() + "'",
          "MAX_PROPERTY_NAME_BYTES", MAX_PROPERTY_NAME_BYTES);
      size += 2 + checkedLength(p.getValue(), "value of property '" + p.getKey() + "'",
          "MAX_PROPERTY_VALUE_BYTES", MAX_PROPERTY_VALUE_BYTES);
    }
    size += 4 + (long) envelope.bodySize();
    if (size > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("message " + envelope.messageId() + " encodes to "
          + size + " bytes, more than an array can hold");
    }
    return (int) size;
  }

  /**
   * Reads a record.
   *
   * @param data the data of a Kinesis record
   * @return empty when {@code data} does not start with this format's magic (a foreign record)
   * @throws RecordFormatException when it starts with the magic but is corrupt or of an unknown
   *     version
   */
  public static Optional<DecodedMessage> decode(byte[] data) {
    Objects.requireNonNull(data, "data");
    if (!hasMagic(data)) {
      return Optional.empty();
    }
    Reader r = new Reader(data, MAGIC.length);
    int version = r.u8("version");
    if (version != VERSION) {
      throw new RecordFormatException("unknown record format version " + version
          + " (this reader knows version " + VERSION + ")");
    }
    int flags = r.u8("flags");
    if ((flags & ~FLAG_PARTITION_KEY) != 0) {
      throw new RecordFormatException("unknown flags 0x" + Integer.toHexString(flags));
    }
    String messageId = r.u16String("message id", 1, MAX_MESSAGE_ID_BYTES);
    String key = null;
    if ((flags & FLAG_PARTITION_KEY) != 0) {
      key = r.u16String("partition key", 1, MAX_PARTITION_KEY_BYTES);
    }
    int count = r.u16("property count");
    // each property takes at least 5 bytes (two lengths and a 1-byte name)
    if (count > MAX_PROPERTIES || (long) count * 5 > r.remaining()) {
      throw new RecordFormatException("property count " + count + " is over the limit "
          + MAX_PROPERTIES + " or past the end of the record");
    }
    Map<String, String> properties = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      // constant field names: a text built per property would cost more than the property
      try {
        String name = r.u16String("property name", 1, MAX_PROPERTY_NAME_BYTES);
        String value = r.u16String("property value", 0, MAX_PROPERTY_VALUE_BYTES);
        if (properties.put(name, value) != null) {
          throw new RecordFormatException("a property repeats an earlier name");
        }
      } catch (RecordFormatException e) {
        throw new RecordFormatException(e.getMessage() + " (property " + i + ")");
      }
    }
    long bodyLength = r.u32("body length");
    if (bodyLength != r.remaining()) {
      throw new RecordFormatException("body length " + bodyLength + " does not match the "
          + r.remaining() + " bytes left in the record");
    }
    byte[] body = r.bytes((int) bodyLength, "body");
    return Optional.of(new DecodedMessage(messageId, key, properties, body));
  }

  /**
   * {@return whether {@code data} starts with this format's magic bytes}
   *
   * @param data the data of a Kinesis record
   */
  public static boolean hasMagic(byte[] data) {
    if (data.length < MAGIC.length) {
      return false;
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (data[i] != MAGIC[i]) {
        return false;
      }
    }
    return true;
  }

  private static int checkedLength(String s, String what, String limitName, int limit) {
    int n = Utf8.length(s);
    if (n < 0) {
      throw new IllegalArgumentException(what + " holds an unpaired surrogate, which UTF-8 "
          + "cannot carry");
    }
    if (n > limit) {
      throw new IllegalArgumentException(what + " is " + n + " UTF-8 bytes, over the limit "
          + limitName + " = " + limit);
    }
    return n;
  }

  /** Writes into an array sized by {@link #encodedSize}. */
  private static final class Writer {
    private final byte[] out;
    private int position;

    Writer(byte[] out) {
      this.out = out;
    }

    void u8(int v) {
      out[position++] = (byte) v;
    }

    void u16(int v) {
      out[position++] = (byte) (v >>> 8);
      out[position++] = (byte) v;
    }

    void u32(int v) {
      u16(v >>> 16);
      u16(v & 0xFFFF);
    }

    void bytes(byte[] b) {
      System.arraycopy(b, 0, out, position, b.length);
      position += b.length;
    }

    void u16String(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      u16(b.length);
      bytes(b);
    }
  }

  /** Reads with every length checked against the bytes left before anything is allocated. */
  private static final class Reader {
    private final byte[] data;
    private int position;

    Reader(byte[] data, int position) {
      this.data = data;
      this.position = position;
    }

    int remaining() {
      return data.length - position;
    }

    int u8(String what) {
      need(1, what);
      return data[position++] & 0xFF;
    }

    int u16(String what) {
      need(2, what);
      int v = ((data[position] & 0xFF) << 8) | (data[position + 1] & 0xFF);
      position += 2;
      return v;
    }

    long u32(String what) {
      need(4, what);
      long v = ((long) (data[position] & 0xFF) << 24) | ((data[position + 1] & 0xFF) << 16)
          | ((data[position + 2] & 0xFF) << 8) | (data[position + 3] & 0xFF);
      position += 4;
      return v;
    }

    String u16String(String what, int min, int max) {
      int length = u16(what);
      if (length < min || length > max) {
        throw new RecordFormatException(what + " length " + length + " is outside " + min + ".."
            + max);
      }
      need(length, what);
      String s = Utf8Decoder.decode(data, position, length, what);
      position += length;
      return s;
    }

    byte[] bytes(int length, String what) {
      need(length, what);
      byte[] b = new byte[length];
      System.arraycopy(data, position, b, 0, length);
      position += length;
      return b;
    }

    private void need(long n, String what) {
      if (n > remaining()) {
        throw new RecordFormatException("record truncated: " + what + " needs " + n
            + " bytes, " + remaining() + " left");
      }
    }
  }
}
