package dev.mq.kinesis.internal.checkpoint;

import dev.mq.kinesis.checkpoint.CheckpointStore;
import dev.mq.kinesis.checkpoint.CheckpointStoreFactory;
import dev.mq.spi.ProviderConfig;

/** {@code mq.kinesis.checkpoint-store=memory}. */
public final class MemoryCheckpointStoreFactory implements CheckpointStoreFactory {

  /** The name. */
  public static final String NAME = "memory";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CheckpointStore create(ProviderConfig config) {
    return new MemoryCheckpointStore();
  }
}
