package dev.mq.kinesis.checkpoint;

import java.util.Map;
import java.util.Optional;

/**
 * Stores, per stream and consumer group, the {@link Checkpoint} of each shard.
 *
 * <p>The provider calls {@link #load} once when a group starts reading a stream, and
 * {@link #save} from time to time (debounced by {@code mq.kinesis.checkpoint-interval}) and when
 * it stops. Calls for one stream and group never overlap; calls for different ones may run on
 * different threads at once. A store must never lose or reset a checkpoint silently: when stored
 * state cannot be read it throws {@link CheckpointStoreException}.
 */
public interface CheckpointStore extends AutoCloseable {

  /**
   * The stored checkpoints of the group's shards, by shard id; empty when the group never saved
   * one.
   *
   * @param stream the stream's name
   * @param group the consumer group
   * @return the stored checkpoints of the group's shards, by shard id
   * @throws CheckpointStoreException if stored state exists but cannot be read or is corrupt
   */
  Map<String, Checkpoint> load(String stream, String group);

  /**
   * Stores these shards' checkpoints, replacing earlier ones of the same shards and keeping
   * those of other shards. When this returns, the checkpoints are as durable as the store can
   * make them.
   *
   * @param stream the stream's name
   * @param group the consumer group
   * @param checkpoints the checkpoints to store, by shard id
   * @throws CheckpointStoreException if they could not be stored
   */
  void save(String stream, String group, Map<String, Checkpoint> checkpoints);

  /** {@return true when saved checkpoints survive a restart of the process} */
  boolean isDurable();

  /** Releases the store's resources. Idempotent. */
  @Override
  void close();
}
