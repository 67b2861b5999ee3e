package dev.mq.kinesis.checkpoint;

import dev.mq.spi.ProviderConfig;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A plug-in store found by ServiceLoader, as a DynamoDB store would be; records what it saw. */
public final class RecordingCheckpointStoreFactory implements CheckpointStoreFactory {

  /** Saved checkpoints by "label/stream/group/shard". */
  static final Map<String, Checkpoint> SAVED = new ConcurrentHashMap<>();

  @Override
  public String name() {
    return "recording";
  }

  @Override
  public Set<String> configKeys() {
    return Set.of("recording-label", "recording-token");
  }

  @Override
  public Set<String> secretKeys() {
    return Set.of("recording-token");
  }

  @Override
  public CheckpointStore create(ProviderConfig config) {
    String label = config.string("recording-label", "none");
    return new CheckpointStore() {
      @Override
      public Map<String, Checkpoint> load(String stream, String group) {
        return Map.of();
      }

      @Override
      public void save(String stream, String group, Map<String, Checkpoint> checkpoints) {
        checkpoints.forEach((shard, cp) -> SAVED.put(label + "/" + stream + "/" + group + "/" + shard, cp));
      }

      @Override
      public boolean isDurable() {
        return false;
      }

      @Override
      public void close() {
        // nothing held
      }
    };
  }
}
