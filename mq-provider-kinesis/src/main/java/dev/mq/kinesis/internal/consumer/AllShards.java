package dev.mq.kinesis.internal.consumer;

import dev.mq.kinesis.checkpoint.Checkpoint;
import dev.mq.kinesis.checkpoint.CheckpointStore;
import dev.mq.kinesis.internal.lease.DoneAheadStore;
import dev.mq.kinesis.internal.lease.DoneRange;
import dev.mq.kinesis.internal.lease.ShardOwnership;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * Every shard is this process's: one process per group, checkpoints in a store without leases.
 * Parent shards are ordered before children by the engine itself. With a store that keeps the
 * runs acknowledged beyond a checkpoint (the {@code file} store: {@code OpenedStore.doneAheadStore()}), the engine hands each shard
 * "over" to the next run of this process at close, as a lease hand-over does.
 */
final class AllShards implements ShardOwnership {

  private final CheckpointStore store;
  private final String stream;
  private final String group;
  private final Map<String, Checkpoint> loaded = new ConcurrentHashMap<>();
  /** The store again, when it keeps done-ahead runs; else null. */
  private final DoneAheadStore doneAheadStore;
  private final Map<String, List<DoneRange>> loadedDoneAhead = new ConcurrentHashMap<>();

  AllShards(CheckpointStore store, DoneAheadStore doneAheadStore, String stream, String group) {
    this.store = store;
    this.stream = stream;
    this.group = group;
    this.doneAheadStore = doneAheadStore;
  }

  @Override
  public Map<String, Checkpoint> start(List<Shard> listed, Listener listener) {
    loaded.putAll(store.load(stream, group));
    if (doneAheadStore != null) {
      loadedDoneAhead.putAll(doneAheadStore.loadDoneAhead(stream, group));
    }
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
    return loadedDoneAhead.getOrDefault(shardId, List.of());
  }

  @Override
  public boolean handsOver() {
    return doneAheadStore != null;
  }

  /** At close: the shard's last checkpoint and the runs done beyond it, for the next run. */
  @Override
  public void handOver(String shardId, Optional<Checkpoint> last, List<DoneRange> doneAhead) {
    if (doneAheadStore == null) {
      throw new IllegalStateException("this store keeps no done-ahead runs");
    }
    Map<String, Checkpoint> checkpoint = last.map(cp -> Map.of(shardId, cp)).orElse(Map.of());
    doneAheadStore.save(stream, group, checkpoint, Map.of(shardId, doneAhead));
    loaded.putAll(checkpoint);
    loadedDoneAhead.put(shardId, doneAhead);
  }

  @Override
  public void close() {
    // the store belongs to the broker
  }
}
