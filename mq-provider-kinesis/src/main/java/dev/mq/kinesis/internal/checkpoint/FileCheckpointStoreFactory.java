package dev.mq.kinesis.internal.checkpoint;

import dev.mq.kinesis.checkpoint.CheckpointStoreFactory;
import dev.mq.kinesis.internal.config.KinesisConfig;
import dev.mq.spi.ProviderConfig;
import java.util.Set;

/** {@code mq.kinesis.checkpoint-store=file}, writing under {@code mq.kinesis.checkpoint-dir}. */
public final class FileCheckpointStoreFactory implements CheckpointStoreFactory {

  /** The name. */
  public static final String NAME = "file";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> configKeys() {
    return KinesisConfig.FILE_STORE_KEYS;
  }

  @Override
  public FileCheckpointStore create(ProviderConfig config) {
    return new FileCheckpointStore(KinesisConfig.checkpointDirectory(config));
  }
}
