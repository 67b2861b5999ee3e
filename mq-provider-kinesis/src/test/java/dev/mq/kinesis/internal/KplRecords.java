package dev.mq.kinesis.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/** Builds KPL aggregated records by hand (magic, protobuf AggregatedRecord, MD5), as the KPL does. */
final class KplRecords {

  /** One user record: index into the partition-key table, and data. */
  record User(int keyIndex, byte[] data) {}

  private KplRecords() {}

  static byte[] aggregate(List<String> partitionKeys, List<User> users) {
    ByteArrayOutputStream pb = new ByteArrayOutputStream();
    for (String k : partitionKeys) {
      bytesField(pb, 1, k.getBytes(StandardCharsets.UTF_8));
    }
    for (User u : users) {
      ByteArrayOutputStream rec = new ByteArrayOutputStream();
      tag(rec, 1, 0);
      varint(rec, u.keyIndex());
      bytesField(rec, 3, u.data());
      bytesField(pb, 3, rec.toByteArray());
    }
    byte[] body = pb.toByteArray();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2});
    out.writeBytes(body);
    out.writeBytes(md5(body));
    return out.toByteArray();
  }

  private static void bytesField(ByteArrayOutputStream out, int field, byte[] value) {
    tag(out, field, 2);
    varint(out, value.length);
    out.writeBytes(value);
  }

  private static void tag(ByteArrayOutputStream out, int field, int wireType) {
    varint(out, (field << 3) | wireType);
  }

  private static void varint(ByteArrayOutputStream out, long v) {
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  private static byte[] md5(byte[] b) {
    try {
      return MessageDigest.getInstance("MD5").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
