package dev.mq.kinesis.internal.consumer;

import dev.mq.kinesis.checkpoint.Checkpoint;
import dev.mq.kinesis.checkpoint.CheckpointStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * Every shard is this process's: one process per group, checkpoints in a store without leases.
 * Parent shards are ordered before children by the engine itself.
 */
final class AllShards implements ShardOwnership {

  private final CheckpointStore store;
  private final String stream;
  private final String group;
  private final Map<String, Checkpoint> loaded = new ConcurrentHashMap<>();

  AllShards(CheckpointStore store, String stream, String group) {
    this.store = store;
    this.stream = stream;
    this.group = group;
  }

  @Override
  public Map<String, Checkpoint> start(List<Shard> listed, Listener listener) {
    loaded.putAll(store.load(stream, group));
    return Map.copyOf(loaded);
  }

  @Override
  public void listed(List<Shard> shards) {
    // every shard is read; nothing to coordinate
  }

  @Override
  public boolean mayRead(String shardId) {
    return true;
  }

  @Override
  public long generation(String shardId) {
    return 0; // never lost, never taken again
  }

  @Override
  public boolean ordersParentsFirst() {
    return false;
  }

  @Override
  public Optional<Checkpoint> checkpointOf(String shardId) {
    return Optional.ofNullable(loaded.get(shardId));
  }

  @Override
  public void save(Map<String, Checkpoint> checkpoints) {
    store.save(stream, group, checkpoints);
    loaded.putAll(checkpoints); // e.g. a stored start time, where a shard's reader starts
  }

  @Override
  public List<DoneRange> doneAheadOf(String shardId) {
    return List.of();
  }

  @Override
  public boolean handsOver() {
    return false;
  }

  @Override
  public void handOver(String shardId, Optional<Checkpoint> last, List<DoneRange> doneAhead) {
    throw new IllegalStateException("no shard is handed over without leases");
  }

  @Override
  public void close() {
    // the store belongs to the broker
  }
}
