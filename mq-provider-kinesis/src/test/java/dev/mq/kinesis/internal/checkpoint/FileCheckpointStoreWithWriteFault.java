package dev.mq.kinesis.internal.checkpoint;

import dev.mq.kinesis.checkpoint.CheckpointStore;
import dev.mq.kinesis.checkpoint.CheckpointStoreFactory;
import dev.mq.kinesis.internal.config.KinesisConfig;
import dev.mq.spi.ProviderConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * A test store factory: the real {@link FileCheckpointStore} under the {@code file} store's
 * directory key, with its temporary-file write replaced by {@link #write}; the rename is real.
 */
abstract class FileCheckpointStoreWithWriteFault implements CheckpointStoreFactory {

  /** Writes and forces {@code file}, or fails the way the subclass's fault does. */
  abstract void write(Path file, byte[] bytes) throws IOException;

  @Override
  public Set<String> configKeys() {
    return Set.of(KinesisConfig.CHECKPOINT_DIR);
  }

  @Override
  public CheckpointStore create(ProviderConfig config) {
    Path dir = Path.of(config.string(KinesisConfig.CHECKPOINT_DIR).orElseThrow());
    return new FileCheckpointStore(dir, new FileCheckpointStore.Disk() {
      @Override
      public void writeAndForce(Path file, byte[] bytes) throws IOException {
        write(file, bytes);
      }

      @Override
      public void moveAtomically(Path from, Path to) throws IOException {
        REAL.moveAtomically(from, to);
      }
    });
  }
}
