package dev.mq.kinesis.internal.lease;

import dev.mq.kinesis.checkpoint.Checkpoint;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One lease item as last read or written: the shard, its owner (none when free), the lease
 * counter that every ownership change and every renewal raises, the group's checkpoint of the
 * shard, the shard's parents, and the worker that asked the owner to hand the lease over.
 *
 * @param shardId the shard
 * @param owner the worker id of the owner, or null when nobody holds the lease
 * @param counter the lease counter: raised by every ownership change and renewal
 * @param checkpoint the checkpoint, or null when the group never checkpointed the shard
 * @param parentShardIds the shard's parents, which end before it is read
 * @param handoffTo the worker that asked for the lease (to balance), or null
 * @param doneAhead runs of messages beyond the checkpoint that are done already (acknowledged
 *     while an earlier message of another key was not): written when a worker hands the lease
 *     over, so that the next owner skips them instead of delivering them again
 */
public record Lease(String shardId, String owner, long counter, Checkpoint checkpoint,
    List<String> parentShardIds, String handoffTo, List<DoneRange> doneAhead) {

  /**
   * A lease nobody asked for, with nothing done beyond the checkpoint.
   *
   * @param shardId the shard
   * @param owner the worker id of the owner, or null when nobody holds the lease
   * @param counter the lease counter
   * @param checkpoint the checkpoint, or null when the group never checkpointed the shard
   * @param parentShardIds the shard's parents
   */
  public Lease(String shardId, String owner, long counter, Checkpoint checkpoint, List<String> parentShardIds) {
    this(shardId, owner, counter, checkpoint, parentShardIds, null, List.of());
  }

  /**
   * Copies the lists, so that the lease is immutable.
   *
   * @param shardId the shard
   * @param owner the worker id of the owner, or null when nobody holds the lease
   * @param counter the lease counter: raised by every ownership change and renewal
   * @param checkpoint the checkpoint, or null when the group never checkpointed the shard
   * @param parentShardIds the shard's parents, which end before it is read
   * @param handoffTo the worker that asked for the lease (to balance), or null
   * @param doneAhead runs of messages beyond the checkpoint that are done already (acknowledged
   *     while an earlier message of another key was not): written when a worker hands the lease
   *     over, so that the next owner skips them instead of delivering them again
   */
  public Lease {
    Objects.requireNonNull(shardId, "shardId");
    parentShardIds = List.copyOf(parentShardIds);
    doneAhead = List.copyOf(doneAhead);
  }

  /** {@return the checkpoint, if any} */
  public Optional<Checkpoint> checkpointIfAny() {
    return Optional.ofNullable(checkpoint);
  }

  /**
   * {@return true when the shard ended: read to its end and every message of it settled
   * (SHARD_END)}
   */
  public boolean isEnded() {
    return checkpoint != null && checkpoint.isShardEnd();
  }

  /**
   * {@return true when {@code worker} holds it}
   *
   * @param worker a worker id
   */
  public boolean isOwnedBy(String worker) {
    return worker.equals(owner);
  }
}
