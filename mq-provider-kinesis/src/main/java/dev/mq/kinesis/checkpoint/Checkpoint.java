package dev.mq.kinesis.checkpoint;

import java.math.BigInteger;
import java.util.Objects;

/**
 * How far one consumer group has processed one shard: every record up to and including this
 * position is acknowledged, or the whole shard is ({@link #shardEnd()}).
 *
 * <p>A position is a Kinesis sequence number plus a sub-sequence number. Records that are not KPL
 * aggregates, and aggregates whose every sub-record is acknowledged, use
 * {@link #WHOLE_RECORD} as sub-sequence number; a position inside an aggregate names the last
 * acknowledged sub-record, so that a reader resumes at that record and skips the sub-records up
 * to it.
 */
public final class Checkpoint implements Comparable<Checkpoint> {

  /** Sub-sequence number meaning "the whole record at this sequence number is done". */
  public static final long WHOLE_RECORD = Long.MAX_VALUE;

  private static final Checkpoint SHARD_END = new Checkpoint(null, WHOLE_RECORD);

  private final String sequenceNumber;
  private final long subSequenceNumber;

  private Checkpoint(String sequenceNumber, long subSequenceNumber) {
    this.sequenceNumber = sequenceNumber;
    this.subSequenceNumber = subSequenceNumber;
  }

  /**
   * Everything up to and including the record at {@code sequenceNumber} is done.
   *
   * @throws IllegalArgumentException if the sequence number is not a non-negative decimal number
   */
  public static Checkpoint afterRecord(String sequenceNumber) {
    return at(sequenceNumber, WHOLE_RECORD);
  }

  /**
   * Everything up to and including sub-record {@code subSequenceNumber} of the aggregate at
   * {@code sequenceNumber} is done; {@link #WHOLE_RECORD} means the whole record.
   *
   * @throws IllegalArgumentException if the sequence number is not a non-negative decimal number or
   *     the sub-sequence number is negative
   */
  public static Checkpoint at(String sequenceNumber, long subSequenceNumber) {
    Objects.requireNonNull(sequenceNumber, "sequenceNumber");
    if (sequenceNumber.isEmpty() || !sequenceNumber.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException("not a sequence number: '" + sequenceNumber + "'");
    }
    if (subSequenceNumber < 0) {
      throw new IllegalArgumentException("negative sub-sequence number: " + subSequenceNumber);
    }
    return new Checkpoint(sequenceNumber, subSequenceNumber);
  }

  /** The shard is closed and every record of it is done; its children may be read. */
  public static Checkpoint shardEnd() {
    return SHARD_END;
  }

  /** True for {@link #shardEnd()}. */
  public boolean isShardEnd() {
    return sequenceNumber == null;
  }

  /**
   * The sequence number of the last record done.
   *
   * @throws IllegalStateException for {@link #shardEnd()}
   */
  public String sequenceNumber() {
    if (isShardEnd()) {
      throw new IllegalStateException("SHARD_END has no sequence number");
    }
    return sequenceNumber;
  }

  /** The last sub-record done, or {@link #WHOLE_RECORD}. */
  public long subSequenceNumber() {
    return subSequenceNumber;
  }

  /** True when the record at {@link #sequenceNumber()} is done in full. */
  public boolean isWholeRecord() {
    return subSequenceNumber == WHOLE_RECORD;
  }

  /** Orders by sequence number, then sub-sequence number; {@link #shardEnd()} is last. */
  @Override
  public int compareTo(Checkpoint o) {
    if (isShardEnd() || o.isShardEnd()) {
      return Boolean.compare(isShardEnd(), o.isShardEnd());
    }
    int c = new BigInteger(sequenceNumber).compareTo(new BigInteger(o.sequenceNumber));
    return c != 0 ? c : Long.compare(subSequenceNumber, o.subSequenceNumber);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Checkpoint c
        && Objects.equals(sequenceNumber, c.sequenceNumber)
        && subSequenceNumber == c.subSequenceNumber;
  }

  @Override
  public int hashCode() {
    return Objects.hash(sequenceNumber, subSequenceNumber);
  }

  /** {@code SHARD_END}, {@code <sequence>} or {@code <sequence>/<sub-sequence>}. */
  @Override
  public String toString() {
    if (isShardEnd()) {
      return "SHARD_END";
    }
    return isWholeRecord() ? sequenceNumber : sequenceNumber + "/" + subSequenceNumber;
  }

  /**
   * Parses what {@link #toString()} returns.
   *
   * @throws IllegalArgumentException if {@code text} is not such a string
   */
  public static Checkpoint parse(String text) {
    Objects.requireNonNull(text, "text");
    if (text.equals("SHARD_END")) {
      return SHARD_END;
    }
    int slash = text.indexOf('/');
    if (slash < 0) {
      return afterRecord(text);
    }
    try {
      return at(text.substring(0, slash), Long.parseLong(text.substring(slash + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a checkpoint: '" + text + "'", e);
    }
  }
}
