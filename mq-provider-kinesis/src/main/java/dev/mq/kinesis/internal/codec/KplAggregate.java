package dev.mq.kinesis.internal.codec;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Reads records written by the Kinesis Producer Library with aggregation on: the magic bytes
 * {@code F3 89 9A C2}, a protobuf {@code AggregatedRecord}, then the MD5 of the protobuf bytes.
 * Parsed by hand, bounds-checked, without a protobuf dependency:
 * <pre>
 * AggregatedRecord { repeated string partition_key_table = 1;
 *                    repeated string explicit_hash_key_table = 2;
 *                    repeated Record records = 3; }
 * Record { required uint64 partition_key_index = 1; optional uint64 explicit_hash_key_index = 2;
 *          required bytes data = 3; repeated Tag tags = 4; }
 * </pre>
 * Unknown fields are skipped; tags are ignored. Thread-safe.
 */
public final class KplAggregate {

  static final byte[] MAGIC = {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2};
  static final int MD5_BYTES = 16;

  private KplAggregate() {}

  /** Whether {@code data} starts with the KPL aggregation magic bytes. */
  public static boolean isAggregated(byte[] data) {
    Objects.requireNonNull(data, "data");
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

  /**
   * The user records of an aggregate, in order.
   *
   * @throws IllegalArgumentException if {@code data} does not start with the KPL magic
   * @throws RecordFormatException if it is corrupt: too short, MD5 mismatch, truncated or
   *     malformed protobuf, a table index out of range, or a required field missing
   */
  public static List<UserRecord> deaggregate(byte[] data) {
    if (!isAggregated(data)) {
      throw new IllegalArgumentException("not a KPL aggregate: the magic bytes do not match");
    }
    if (data.length < MAGIC.length + MD5_BYTES) {
      throw new RecordFormatException("KPL aggregate of " + data.length
          + " bytes is too short for the magic and the MD5 checksum");
    }
    int messageEnd = data.length - MD5_BYTES;
    verifyMd5(data, MAGIC.length, messageEnd);

    List<String> partitionKeys = new ArrayList<>();
    List<String> hashKeys = new ArrayList<>();
    List<long[]> records = new ArrayList<>(); // {pkIndex, ehkIndex or -1, dataStart, dataEnd}
    ProtobufReader r = new ProtobufReader(data, MAGIC.length, messageEnd);
    while (r.hasMore()) {
      int tag = r.tag();
      int field = tag >>> 3;
      int wire = tag & 7;
      switch (field) {
        case 1:
          partitionKeys.add(string(r, data, wire, "partition key table entry"));
          break;
        case 2:
          hashKeys.add(string(r, data, wire, "explicit hash key table entry"));
          break;
        case 3:
          requireWire(wire, ProtobufReader.WIRE_LENGTH_DELIMITED, "record " + records.size());
          int start = r.lengthDelimited("record " + records.size());
          records.add(readRecord(data, start, r.position(), records.size()));
          break;
        default:
          r.skip(wire, "field " + field);
      }
    }

    List<UserRecord> out = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      long[] rec = records.get(i);
      if (rec[0] >= partitionKeys.size()) {
        throw new RecordFormatException("KPL aggregate: record " + i + " has partition key index "
            + rec[0] + ", but the table has " + partitionKeys.size() + " entries");
      }
      String hashKey = null;
      if (rec[1] >= 0) {
        if (rec[1] >= hashKeys.size()) {
          throw new RecordFormatException("KPL aggregate: record " + i + " has explicit hash key "
              + "index " + rec[1] + ", but the table has " + hashKeys.size() + " entries");
        }
        hashKey = hashKeys.get((int) rec[1]);
      }
      byte[] payload = new byte[(int) (rec[3] - rec[2])];
      System.arraycopy(data, (int) rec[2], payload, 0, payload.length);
      out.add(new UserRecord(partitionKeys.get((int) rec[0]), hashKey, payload, i));
    }
    return out;
  }

  /** Reads one {@code Record} message; returns {pkIndex, ehkIndex or -1, dataStart, dataEnd}. */
  private static long[] readRecord(byte[] data, int start, int end, int number) {
    String what = "record " + number;
    long pkIndex = -1;
    long ehkIndex = -1;
    int dataStart = -1;
    int dataEnd = -1;
    ProtobufReader r = new ProtobufReader(data, start, end);
    while (r.hasMore()) {
      int tag = r.tag();
      int field = tag >>> 3;
      int wire = tag & 7;
      switch (field) {
        case 1:
          requireWire(wire, ProtobufReader.WIRE_VARINT, what + " partition key index");
          pkIndex = index(r.varint(what + " partition key index"), what);
          break;
        case 2:
          requireWire(wire, ProtobufReader.WIRE_VARINT, what + " explicit hash key index");
          ehkIndex = index(r.varint(what + " explicit hash key index"), what);
          break;
        case 3:
          requireWire(wire, ProtobufReader.WIRE_LENGTH_DELIMITED, what + " data");
          dataStart = r.lengthDelimited(what + " data");
          dataEnd = r.position();
          break;
        default:
          r.skip(wire, what + " field " + field);
      }
    }
    if (pkIndex < 0) {
      throw new RecordFormatException("KPL aggregate: " + what + " has no partition key index");
    }
    if (dataStart < 0) {
      throw new RecordFormatException("KPL aggregate: " + what + " has no data");
    }
    return new long[] {pkIndex, ehkIndex, dataStart, dataEnd};
  }

  private static long index(long raw, String what) {
    if (raw < 0 || raw > Integer.MAX_VALUE) {
      throw new RecordFormatException("KPL aggregate: " + what + " has table index "
          + Long.toUnsignedString(raw) + ", out of range");
    }
    return raw;
  }

  private static String string(ProtobufReader r, byte[] data, int wire, String what) {
    requireWire(wire, ProtobufReader.WIRE_LENGTH_DELIMITED, what);
    int start = r.lengthDelimited(what);
    return Utf8.decode(data, start, r.position() - start, "KPL aggregate: " + what);
  }

  private static void requireWire(int actual, int expected, String what) {
    if (actual != expected) {
      throw new RecordFormatException("KPL aggregate: " + what + " has wire type " + actual
          + ", expected " + expected);
    }
  }

  private static void verifyMd5(byte[] data, int from, int to) {
    MessageDigest md5;
    try {
      md5 = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has MD5", e);
    }
    md5.update(data, from, to - from);
    byte[] expected = md5.digest();
    if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(data, to, data.length))) {
      throw new RecordFormatException("KPL aggregate: MD5 checksum does not match its contents");
    }
  }
}
