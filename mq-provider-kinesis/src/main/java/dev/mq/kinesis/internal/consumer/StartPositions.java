package dev.mq.kinesis.internal.consumer;

import dev.mq.kinesis.checkpoint.Checkpoint;
import dev.mq.kinesis.internal.config.InitialPosition;
import dev.mq.kinesis.internal.lease.ShardOwnership;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/**
 * Decides where a group starts reading a shard: after its checkpoint; from its start when a
 * parent was read without a gap; else at the initial position.
 */
final class StartPositions {

  private final ShardOwnership ownership;
  private final InitialPosition initial;
  private final Instant startedAt;

  /** {@code startedAt}: where {@code initial-position=latest} starts a shard without a checkpoint. */
  StartPositions(ShardOwnership ownership, InitialPosition initial, Instant startedAt) {
    this.ownership = ownership;
    this.initial = initial;
    this.startedAt = startedAt;
  }

  /**
   * Where to start the shard. {@code parents}: its parents still listed;
   * {@code readContinuously}: whether a parent's running reader has read it without a gap.
   */
  StartPosition of(String shardId, List<String> parents, Predicate<String> readContinuously) {
    Checkpoint cp = ownership.checkpointOf(shardId).orElse(null);
    if (cp != null) {
      return StartPosition.after(cp); // a stored start time included
    }
    // A child of a shard this group consumed without a gap holds nothing the group has seen:
    // it is read from its start, whatever the initial position says.
    for (String p : parents) {
      boolean parentRead = ownership.checkpointOf(p).filter(c -> !c.isAtTimestamp()).isPresent();
      if (parentRead || readContinuously.test(p)) {
        return StartPosition.trimHorizon();
      }
    }
    return switch (initial.kind()) {
      case TRIM_HORIZON -> StartPosition.trimHorizon();
      // LATEST becomes "since the group was first opened in this broker", so that an iterator
      // renewed later, or a child shard opened later, still sees every record written after
      // the start; it is stored as the shard's first checkpoint before the first read.
      case LATEST -> StartPosition.atTimestamp(startedAt);
      case AT_TIMESTAMP -> StartPosition.atTimestamp(initial.timestamp().orElseThrow());
    };
  }
}
