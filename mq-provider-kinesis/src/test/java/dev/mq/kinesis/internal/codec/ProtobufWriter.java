package dev.mq.kinesis.internal.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** A tiny protobuf writer for building KPL aggregates (valid and broken) in tests. */
final class ProtobufWriter {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  ProtobufWriter varint(long v) {
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
    return this;
  }

  ProtobufWriter tag(int field, int wireType) {
    return varint(((long) field << 3) | wireType);
  }

  ProtobufWriter varintField(int field, long v) {
    return tag(field, ProtobufReader.WIRE_VARINT).varint(v);
  }

  ProtobufWriter bytesField(int field, byte[] b) {
    tag(field, ProtobufReader.WIRE_LENGTH_DELIMITED).varint(b.length);
    out.writeBytes(b);
    return this;
  }

  ProtobufWriter stringField(int field, String s) {
    return bytesField(field, s.getBytes(StandardCharsets.UTF_8));
  }

  ProtobufWriter messageField(int field, ProtobufWriter nested) {
    return bytesField(field, nested.toByteArray());
  }

  ProtobufWriter raw(byte... b) {
    out.writeBytes(b);
    return this;
  }

  byte[] toByteArray() {
    return out.toByteArray();
  }

  /** A user record message: partition key index, optional hash key index, data. */
  static ProtobufWriter record(long pkIndex, Long ehkIndex, byte[] data) {
    ProtobufWriter r = new ProtobufWriter().varintField(1, pkIndex);
    if (ehkIndex != null) {
      r.varintField(2, ehkIndex);
    }
    return r.bytesField(3, data);
  }

  /** Magic + protobuf + MD5 of the protobuf: a complete KPL record. */
  static byte[] aggregate(byte[] protobuf) {
    return aggregate(protobuf, md5(protobuf));
  }

  /** Magic + protobuf + the given checksum. */
  static byte[] aggregate(byte[] protobuf, byte[] checksum) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(KplAggregate.MAGIC);
    out.writeBytes(protobuf);
    out.writeBytes(checksum);
    return out.toByteArray();
  }

  static byte[] md5(byte[] b) {
    try {
      return MessageDigest.getInstance("MD5").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
