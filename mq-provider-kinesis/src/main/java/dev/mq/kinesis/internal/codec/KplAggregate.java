package dev.mq.kinesis.internal.codec;

import dev.mq.EnvelopeLimits;
import dev.mq.spi.Utf8;
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

  /**
   * {@return whether {@code data} starts with the KPL aggregation magic bytes}
   *
   * @param data record data
   */
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
   * The user records of an aggregate, in order: {@link #parse} and every user record of it.
   *
   * @param data the data of a Kinesis record
   * @return the user records, in sub-sequence order
   * @throws IllegalArgumentException if {@code data} does not start with the KPL magic
   * @throws RecordFormatException as {@link #parse} does
   */
  public static List<UserRecord> deaggregate(byte[] data) {
    Parsed parsed = parse(data);
    List<UserRecord> out = new ArrayList<>(parsed.count());
    for (int i = 0; i < parsed.count(); i++) {
      out.add(parsed.userRecord(i));
    }
    return out;
  }

  /**
   * Checks a whole aggregate and indexes its user records without materializing them, so that
   * an aggregate of many tiny user records can be read a few at a time ({@link Parsed#userRecord}).
   *
   * <p>Allocation stays proportional to the record: table entries and records are kept as
   * offsets in int arrays, strings are decoded only for the table entries a record uses (once
   * each, when first asked for), and error texts are built only when something is wrong.
   *
   * @throws IllegalArgumentException if {@code data} does not start with the KPL magic
   * @throws RecordFormatException if it is corrupt: too short, MD5 mismatch, truncated or
   *     malformed protobuf, a table index out of range, a partition key longer than
   *     {@link EnvelopeLimits#MAX_PARTITION_KEY_BYTES}, or a required field missing
   * @param data the data of a Kinesis record
   * @return the checked, indexed aggregate
   */
  public static Parsed parse(byte[] data) {
    if (!isAggregated(data)) {
      throw new IllegalArgumentException("not a KPL aggregate: the magic bytes do not match");
    }
    if (data.length < MAGIC.length + MD5_BYTES) {
      throw new RecordFormatException("KPL aggregate of " + data.length
          + " bytes is too short for the magic and the MD5 checksum");
    }
    int messageEnd = data.length - MD5_BYTES;
    verifyMd5(data, MAGIC.length, messageEnd);

    IntList partitionKeys = new IntList(); // start, end of each entry
    IntList hashKeys = new IntList();
    IntList records = new IntList(); // pkIndex, ehkIndex or -1, dataStart, dataEnd
    ProtobufReader r = new ProtobufReader(data, MAGIC.length, messageEnd);
    ProtobufReader inner = new ProtobufReader(data, 0, 0);
    while (r.hasMore()) {
      int tag = r.tag();
      int field = tag >>> 3;
      int wire = tag & 7;
      switch (field) {
        case 1:
          requireWire(wire, ProtobufReader.WIRE_LENGTH_DELIMITED, "a partition key table entry");
          partitionKeys.add(checkedUtf8(data, r.lengthDelimited("partition key table entry"),
              r.position(), "partition key table entry", partitionKeys.size() / 2), r.position());
          break;
        case 2:
          requireWire(wire, ProtobufReader.WIRE_LENGTH_DELIMITED, "an explicit hash key table entry");
          hashKeys.add(checkedUtf8(data, r.lengthDelimited("explicit hash key table entry"),
              r.position(), "explicit hash key table entry", hashKeys.size() / 2), r.position());
          break;
        case 3:
          requireWire(wire, ProtobufReader.WIRE_LENGTH_DELIMITED, "a record");
          int start = r.lengthDelimited("record");
          try {
            readRecord(inner.reset(start, r.position()), records);
          } catch (RecordFormatException e) {
            throw new RecordFormatException(e.getMessage() + " (in record " + records.size() / 4 + ")");
          }
          break;
        default:
          r.skip(wire, "an unknown field");
      }
    }

    // Every record is checked here, so that reading the user records later cannot fail: an
    // aggregate is either corrupt as a whole or read to its end.
    int count = records.size() / 4;
    int keyCount = partitionKeys.size() / 2;
    int hashCount = hashKeys.size() / 2;
    for (int i = 0; i < count; i++) {
      int pk = records.get(4 * i);
      int ehk = records.get(4 * i + 1);
      if (pk >= keyCount) {
        throw new RecordFormatException("KPL aggregate: record " + i + " has partition key index "
            + pk + ", but the table has " + keyCount + " entries");
      }
      if (ehk >= hashCount) {
        throw new RecordFormatException("KPL aggregate: record " + i + " has explicit hash key "
            + "index " + ehk + ", but the table has " + hashCount + " entries");
      }
      int bytes = partitionKeys.get(2 * pk + 1) - partitionKeys.get(2 * pk);
      if (bytes > EnvelopeLimits.MAX_PARTITION_KEY_BYTES) {
        throw new RecordFormatException("KPL aggregate: partition key table entry " + pk + " is "
            + bytes + " bytes, over the limit of " + EnvelopeLimits.MAX_PARTITION_KEY_BYTES);
      }
    }
    return new Parsed(data, partitionKeys, hashKeys, records);
  }

  /**
   * A checked aggregate whose user records are made one at a time, on demand. It keeps the
   * aggregate's bytes and four ints per user record. Not thread-safe.
   */
  public static final class Parsed {
    private final byte[] data;
    private final IntList partitionKeys;
    private final IntList hashKeys;
    private final IntList records;
    private final String[] keys;
    private final String[] hashes;

    private Parsed(byte[] data, IntList partitionKeys, IntList hashKeys, IntList records) {
      this.data = data;
      this.partitionKeys = partitionKeys;
      this.hashKeys = hashKeys;
      this.records = records;
      this.keys = new String[partitionKeys.size() / 2];
      this.hashes = new String[hashKeys.size() / 2];
    }

    /** {@return how many user records the aggregate holds} */
    public int count() {
      return records.size() / 4;
    }

    /**
     * {@return user record {@code i} (its sub-sequence number), with a copy of its data}
     *
     * @param i the sub-sequence number, from 0 to {@link #count()} - 1
     */
    public UserRecord userRecord(int i) {
      Objects.checkIndex(i, count());
      int pk = records.get(4 * i);
      int ehk = records.get(4 * i + 1);
      if (keys[pk] == null) {
        keys[pk] = tableEntry(data, partitionKeys, pk, "partition key table entry");
      }
      String hashKey = null;
      if (ehk >= 0) {
        if (hashes[ehk] == null) {
          hashes[ehk] = tableEntry(data, hashKeys, ehk, "explicit hash key table entry");
        }
        hashKey = hashes[ehk];
      }
      byte[] payload = Arrays.copyOfRange(data, records.get(4 * i + 2), records.get(4 * i + 3));
      return new UserRecord(keys[pk], hashKey, payload, i);
    }
  }

  /** Reads one {@code Record} message and appends {pkIndex, ehkIndex or -1, dataStart, dataEnd}. */
  private static void readRecord(ProtobufReader r, IntList records) {
    long pkIndex = -1;
    long ehkIndex = -1;
    int dataStart = -1;
    int dataEnd = -1;
    while (r.hasMore()) {
      int tag = r.tag();
      int field = tag >>> 3;
      int wire = tag & 7;
      switch (field) {
        case 1:
          requireWire(wire, ProtobufReader.WIRE_VARINT, "the partition key index");
          pkIndex = index(r.varint("partition key index"));
          break;
        case 2:
          requireWire(wire, ProtobufReader.WIRE_VARINT, "the explicit hash key index");
          ehkIndex = index(r.varint("explicit hash key index"));
          break;
        case 3:
          requireWire(wire, ProtobufReader.WIRE_LENGTH_DELIMITED, "the data");
          dataStart = r.lengthDelimited("record data");
          dataEnd = r.position();
          break;
        default:
          r.skip(wire, "an unknown record field");
      }
    }
    if (pkIndex < 0) {
      throw new RecordFormatException("KPL aggregate: a record has no partition key index");
    }
    if (dataStart < 0) {
      throw new RecordFormatException("KPL aggregate: a record has no data");
    }
    records.add((int) pkIndex, (int) ehkIndex);
    records.add(dataStart, dataEnd);
  }

  /**
   * Checks that a table entry is valid UTF-8 without decoding it (only the entries that records
   * use become strings), so that a corrupt entry is found even when no record uses it.
   */
  private static int checkedUtf8(byte[] data, int start, int end, String what, int index) {
    if (!Utf8.isWellFormed(data, start, end - start)) {
      throw new RecordFormatException("KPL aggregate: " + what + " " + index + " is not valid UTF-8");
    }
    return start;
  }

  /** The string of a table entry, checked as UTF-8 already. */
  private static String tableEntry(byte[] data, IntList table, int index, String what) {
    int start = table.get(2 * index);
    return Utf8Decoder.decode(data, start, table.get(2 * index + 1) - start, "KPL aggregate: " + what);
  }

  private static long index(long raw) {
    if (raw < 0 || raw > Integer.MAX_VALUE) {
      throw new RecordFormatException("KPL aggregate: a record has table index "
          + Long.toUnsignedString(raw) + ", out of range");
    }
    return raw;
  }

  private static void requireWire(int actual, int expected, String what) {
    if (actual != expected) {
      throw new RecordFormatException("KPL aggregate: " + what + " has wire type " + actual
          + ", expected " + expected);
    }
  }

  /** A growable list of ints: offsets and indexes without an object per entry. */
  private static final class IntList {
    private int[] values = new int[16];
    private int size;

    void add(int a, int b) {
      if (size + 2 > values.length) {
        values = Arrays.copyOf(values, values.length * 2);
      }
      values[size++] = a;
      values[size++] = b;
    }

    int get(int i) {
      return values[i];
    }

    int size() {
      return size;
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
