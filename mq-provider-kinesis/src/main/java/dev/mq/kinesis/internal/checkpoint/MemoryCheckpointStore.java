package dev.mq.kinesis.internal.checkpoint;

import dev.mq.kinesis.checkpoint.Checkpoint;
import dev.mq.kinesis.checkpoint.CheckpointStore;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Keeps checkpoints in memory for the life of the broker; not durable. */
public final class MemoryCheckpointStore implements CheckpointStore {

  private final Map<String, Map<String, Checkpoint>> byStreamAndGroup = new ConcurrentHashMap<>();

  @Override
  public Map<String, Checkpoint> load(String stream, String group) {
    Map<String, Checkpoint> stored = byStreamAndGroup.get(key(stream, group));
    if (stored == null) {
      return Map.of();
    }
    synchronized (stored) {
      return Map.copyOf(stored);
    }
  }

  @Override
  public void save(String stream, String group, Map<String, Checkpoint> checkpoints) {
    Map<String, Checkpoint> stored =
        byStreamAndGroup.computeIfAbsent(key(stream, group), k -> new HashMap<>());
    synchronized (stored) {
      stored.putAll(checkpoints);
    }
  }

  @Override
  public boolean isDurable() {
    return false;
  }

  @Override
  public void close() {
    // nothing to release: the map goes away with the broker
  }

  private static String key(String stream, String group) {
    return stream + '\u0000' + group;
  }
}
