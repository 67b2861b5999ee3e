package dev.mq.kinesis.internal.lease;

import dev.mq.kinesis.checkpoint.Checkpoint;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * Which shards of a stream this process may read for a group, and where their checkpoints go.
 * The consumer's {@code AllShards} reads every shard (one process per group, the memory and file
 * stores); a lease coordinator reads only the shards whose leases it holds and tells the engine
 * when it gains or loses one.
 */
public interface ShardOwnership extends AutoCloseable {

  /**
   * What the engine hears from a coordinator, on the coordinator's threads (never under a lease's
   * lock). The events of a lease carry the {@link #generation} they concern: one of an earlier
   * generation than the engine's reader of the shard is stale and ignored.
   */
  interface Listener {
    /**
     * This process may read the shard now.
     *
     * @param shardId the shard
     */
    void gained(String shardId);

    /**
     * This process gave generation {@code generation} of the shard's lease up (another worker
     * holds it, or it could not be renewed in time): stop reading it, abandon its messages in
     * flight and never checkpoint it again.
     *
     * @param shardId the shard
     * @param generation the generation of the hold that ended
     */
    void lost(String shardId, long generation);

    /**
     * Another worker asked for the shard: stop reading it, drop its undelivered messages, wait
     * up to {@code grace} for those in flight to be settled, then {@link #handOver} it.
     *
     * @param shardId the shard
     * @param generation the generation of the hold asked for
     * @param grace how long messages in flight may take to be settled
     */
    void handOver(String shardId, long generation, Duration grace);
  }

  /**
   * Starts with the shards listed first and returns the checkpoints known now (e.g. to
   * find the shards that ended for this group already).
   *
   * @param listed the shards of the stream
   * @param listener told of gained, lost and asked-for shards
   * @return the checkpoints by shard id
   */
  Map<String, Checkpoint> start(List<Shard> listed, Listener listener);

  /**
   * The stream's shards as listed again.
   *
   * @param shards every shard of the stream now
   */
  void listed(List<Shard> shards);

  /**
   * {@return true when this process may read the shard}
   *
   * @param shardId the shard
   */
  boolean mayRead(String shardId);

  /**
   * {@return the generation of this process's hold on the shard: raised at every take of its lease;
   * 0 when not held, or for an ownership that never loses shards}
   *
   * @param shardId the shard
   */
  long generation(String shardId);

  /**
   * {@return true when the ownership takes a child shard only after its parents ended everywhere,
   * so that the engine need not check its parents locally}
   */
  boolean ordersParentsFirst();

  /**
   * {@return the group's checkpoint of the shard as known now, if any}
   *
   * @param shardId the shard
   */
  Optional<Checkpoint> checkpointOf(String shardId);

  /**
   * Stores changed checkpoints. Shards this process no longer may read are skipped (their
   * checkpoints are never written again) and reported through {@link Listener#lost}.
   *
   * @throws dev.mq.kinesis.checkpoint.CheckpointStoreException when some could not be stored;
   *     the caller retries them
   * @param checkpoints the checkpoints by shard id
   */
  void save(Map<String, Checkpoint> checkpoints);

  /**
   * {@return runs of positions beyond the shard's checkpoint whose messages are done already (left
   * by the previous owner's hand-over); empty without leases}
   *
   * @param shardId the shard
   */
  List<DoneRange> doneAheadOf(String shardId);

  /**
   * {@return true when {@link #handOver} hands shards over one by one (leases); false when the
   * engine saves its last checkpoints in one {@link #save} at close}
   */
  boolean handsOver();

  /**
   * Ends a {@link Listener#handOver}, or hands a shard back at close: writes the shard's last
   * checkpoint (if it changed) and the runs done beyond it, and clears the owner, in one
   * conditional write, so that the next worker takes it at once and skips what is done. The
   * lease is given up also when that write fails.
   *
   * @param shardId the shard
   * @param last its last checkpoint, empty when unchanged
   * @param doneAhead the runs of messages settled beyond it
   */
  void handOver(String shardId, Optional<Checkpoint> last, List<DoneRange> doneAhead);

  /** Hands the shards back (after the engine's last save). Idempotent. */
  @Override
  void close();
}
