package dev.mq.kinesis.checkpoint;

import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * How far one consumer group has processed one shard: every record up to and including this
 * position is acknowledged, or the whole shard is ({@link #shardEnd()}), or none is yet and the
 * group reads the shard from a fixed time on ({@link #atTimestamp}).
 *
 * <p>A position is a Kinesis sequence number plus a sub-sequence number. Records that are not KPL
 * aggregates, and aggregates whose every sub-record is acknowledged, use
 * {@link #WHOLE_RECORD} as sub-sequence number; a position inside an aggregate names the last
 * acknowledged sub-record, so that a reader resumes at that record and skips the sub-records up
 * to it.
 *
 * <p>A group whose {@code initial-position} is {@code latest} or a timestamp stores
 * {@link #atTimestamp} as the first checkpoint of a shard before it delivers anything of it, so
 * that whoever reads the shard for the group later (after a restart, a crash or a lease
 * hand-over) starts at the same time and never skips a message delivered and not acknowledged.
 *
 * <p>String forms, as stored: {@code <sequence>}, {@code <sequence>/<sub-sequence>},
 * {@code SHARD_END} and {@code AT_TIMESTAMP:<ISO-8601 instant>} (for example
 * {@code AT_TIMESTAMP:2026-01-31T10:00:00.123Z}). A store keeps the string as given; the
 * provider never writes another form.
 */
public final class Checkpoint implements Comparable<Checkpoint> {

  /** Sub-sequence number meaning "the whole record at this sequence number is done". */
  public static final long WHOLE_RECORD = Long.MAX_VALUE;

  private static final String SHARD_END_TEXT = "SHARD_END";
  private static final String AT_TIMESTAMP_PREFIX = "AT_TIMESTAMP:";
  private static final Checkpoint SHARD_END = new Checkpoint(null, WHOLE_RECORD, null);

  private final String sequenceNumber;
  private final long subSequenceNumber;
  private final Instant timestamp;

  private Checkpoint(String sequenceNumber, long subSequenceNumber, Instant timestamp) {
    this.sequenceNumber = sequenceNumber;
    this.subSequenceNumber = subSequenceNumber;
    this.timestamp = timestamp;
  }

  /**
   * {@return the checkpoint where everything up to and including the record at
   * {@code sequenceNumber} is done}
   *
   * @param sequenceNumber the record's Kinesis sequence number
   * @throws IllegalArgumentException if the sequence number is not a non-negative decimal number
   */
  public static Checkpoint afterRecord(String sequenceNumber) {
    return at(sequenceNumber, WHOLE_RECORD);
  }

  /**
   * {@return the checkpoint where everything up to and including sub-record
   * {@code subSequenceNumber} of the aggregate at {@code sequenceNumber} is done;
   * {@link #WHOLE_RECORD} means the whole record}
   *
   * @param sequenceNumber the aggregate record's Kinesis sequence number
   * @param subSequenceNumber the sub-record's index in the aggregate, or {@link #WHOLE_RECORD}
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
    return new Checkpoint(sequenceNumber, subSequenceNumber, null);
  }

  /**
   * {@return the checkpoint where nothing of the shard is done yet, and the group reads it from
   * the records that arrived at or after {@code timestamp} (Kinesis arrival time)} Orders before
   * every record position.
   *
   * @param timestamp the earliest arrival time to read
   */
  public static Checkpoint atTimestamp(Instant timestamp) {
    return new Checkpoint(null, WHOLE_RECORD, Objects.requireNonNull(timestamp, "timestamp"));
  }

  /**
   * {@return the checkpoint where the shard is closed and every record of it is done; its
   * children may be read}
   */
  public static Checkpoint shardEnd() {
    return SHARD_END;
  }

  /** {@return true for {@link #shardEnd()}} */
  public boolean isShardEnd() {
    return sequenceNumber == null && timestamp == null;
  }

  /** {@return true for {@link #atTimestamp}} */
  public boolean isAtTimestamp() {
    return timestamp != null;
  }

  /** {@return true for the position of a record ({@link #afterRecord} or {@link #at})} */
  public boolean isPosition() {
    return sequenceNumber != null;
  }

  /**
   * {@return the time of {@link #atTimestamp}}
   *
   * @throws IllegalStateException for any other checkpoint
   */
  public Instant timestamp() {
    if (timestamp == null) {
      throw new IllegalStateException(this + " is not a timestamp");
    }
    return timestamp;
  }

  /**
   * {@return the sequence number of the last record done}
   *
   * @throws IllegalStateException for {@link #shardEnd()}
   */
  public String sequenceNumber() {
    if (!isPosition()) {
      throw new IllegalStateException(this + " has no sequence number");
    }
    return sequenceNumber;
  }

  /** {@return the last sub-record done, or {@link #WHOLE_RECORD}} */
  public long subSequenceNumber() {
    return subSequenceNumber;
  }

  /** {@return true when the record at {@link #sequenceNumber()} is done in full} */
  public boolean isWholeRecord() {
    return subSequenceNumber == WHOLE_RECORD;
  }

  /**
   * Orders {@link #atTimestamp} first (by time), then positions by sequence number and
   * sub-sequence number; {@link #shardEnd()} is last.
   */
  @Override
  public int compareTo(Checkpoint o) {
    if (isShardEnd() || o.isShardEnd()) {
      return Boolean.compare(isShardEnd(), o.isShardEnd());
    }
    if (isAtTimestamp() || o.isAtTimestamp()) {
      return isAtTimestamp() && o.isAtTimestamp() ? timestamp.compareTo(o.timestamp)
          : Boolean.compare(o.isAtTimestamp(), isAtTimestamp());
    }
    int c = new BigInteger(sequenceNumber).compareTo(new BigInteger(o.sequenceNumber));
    return c != 0 ? c : Long.compare(subSequenceNumber, o.subSequenceNumber);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Checkpoint c
        && Objects.equals(sequenceNumber, c.sequenceNumber)
        && subSequenceNumber == c.subSequenceNumber
        && Objects.equals(timestamp, c.timestamp);
  }

  @Override
  public int hashCode() {
    return Objects.hash(sequenceNumber, subSequenceNumber, timestamp);
  }

  /**
   * {@code SHARD_END}, {@code <sequence>}, {@code <sequence>/<sub-sequence>} or
   * {@code AT_TIMESTAMP:<ISO-8601 instant>}.
   */
  @Override
  public String toString() {
    if (isShardEnd()) {
      return SHARD_END_TEXT;
    }
    if (isAtTimestamp()) {
      return AT_TIMESTAMP_PREFIX + timestamp;
    }
    return isWholeRecord() ? sequenceNumber : sequenceNumber + "/" + subSequenceNumber;
  }

  /**
   * Parses what {@link #toString()} returns.
   *
   * @param text a string made by {@link #toString()}
   * @return the checkpoint it describes
   * @throws IllegalArgumentException if {@code text} is not such a string
   */
  public static Checkpoint parse(String text) {
    Objects.requireNonNull(text, "text");
    if (text.equals(SHARD_END_TEXT)) {
      return SHARD_END;
    }
    if (text.startsWith(AT_TIMESTAMP_PREFIX)) {
      try {
        return atTimestamp(Instant.parse(text.substring(AT_TIMESTAMP_PREFIX.length())));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("not a checkpoint: '" + text + "'", e);
      }
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
