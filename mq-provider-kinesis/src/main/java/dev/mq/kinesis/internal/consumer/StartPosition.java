package dev.mq.kinesis.internal.consumer;

import dev.mq.kinesis.checkpoint.Checkpoint;
import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StartingPosition;

/**
 * Where a shard reader asks for its first iterator: after a checkpoint, at the trim horizon, or
 * at a time. A checkpoint inside a KPL aggregate starts at that record, and the reader skips the
 * sub-records the checkpoint covers.
 */
public final class StartPosition {

  private final Checkpoint checkpoint;
  private final Instant timestamp;

  private StartPosition(Checkpoint checkpoint, Instant timestamp) {
    this.checkpoint = checkpoint;
    this.timestamp = timestamp;
  }

  /** After a checkpoint; at its time for a stored start time ({@link Checkpoint#atTimestamp}). */
  static StartPosition after(Checkpoint checkpoint) {
    return checkpoint.isAtTimestamp() ? atTimestamp(checkpoint.timestamp()) : new StartPosition(checkpoint, null);
  }

  static StartPosition trimHorizon() {
    return new StartPosition(null, null);
  }

  static StartPosition atTimestamp(Instant timestamp) {
    return new StartPosition(null, timestamp);
  }

  /** True unless this starts at a time, i.e. nothing before it can be missed. */
  boolean isContinuous() {
    return timestamp == null;
  }

  /** The time this starts at, if it starts at a time. */
  Optional<Instant> timestamp() {
    return Optional.ofNullable(timestamp);
  }

  /** The checkpoint this starts after, or null when it starts at the horizon or a time. */
  Checkpoint checkpoint() {
    return checkpoint;
  }

  /** The checkpoint whose covered sub-records must be skipped, or null. */
  Checkpoint skipThrough() {
    return checkpoint != null && !checkpoint.isWholeRecord() ? checkpoint : null;
  }

  GetShardIteratorRequest.Builder apply(GetShardIteratorRequest.Builder b) {
    if (checkpoint != null) {
      return checkpoint.isWholeRecord()
          ? b.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
              .startingSequenceNumber(checkpoint.sequenceNumber())
          : b.shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)
              .startingSequenceNumber(checkpoint.sequenceNumber());
    }
    if (timestamp != null) {
      return b.shardIteratorType(ShardIteratorType.AT_TIMESTAMP).timestamp(timestamp);
    }
    return b.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
  }

  /** {@return the same position for SubscribeToShard} */
  public StartingPosition startingPosition() {
    StartingPosition.Builder b = StartingPosition.builder();
    if (checkpoint != null) {
      return b.type(checkpoint.isWholeRecord() ? ShardIteratorType.AFTER_SEQUENCE_NUMBER
          : ShardIteratorType.AT_SEQUENCE_NUMBER).sequenceNumber(checkpoint.sequenceNumber()).build();
    }
    if (timestamp != null) {
      return b.type(ShardIteratorType.AT_TIMESTAMP).timestamp(timestamp).build();
    }
    return b.type(ShardIteratorType.TRIM_HORIZON).build();
  }

  @Override
  public String toString() {
    return checkpoint != null ? "after " + checkpoint : timestamp != null ? "at " + timestamp : "trim horizon";
  }
}
