package dev.mq.kinesis.internal.checkpoint;

import dev.mq.kinesis.checkpoint.CheckpointStore;
import dev.mq.kinesis.checkpoint.CheckpointStoreFactory;
import dev.mq.spi.ProviderConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code mq.kinesis.checkpoint-store=file-slow-rename}: the real {@link FileCheckpointStore},
 * except that each save pauses {@value #PAUSE_MILLIS} ms between writing its temporary file and
 * renaming it. A process killed at a random moment then often dies in the middle of a checkpoint
 * write, which the kill-loop fault test needs to hit.
 */
public final class FileCheckpointStoreSlowRenameFactory implements CheckpointStoreFactory {

  /** The name. */
  public static final String NAME = "file-slow-rename";
  static final long PAUSE_MILLIS = 30;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> configKeys() {
    return Set.of(FileCheckpointStoreFactory.DIR_KEY);
  }

  @Override
  public CheckpointStore create(ProviderConfig config) {
    Path dir = Path.of(config.string(FileCheckpointStoreFactory.DIR_KEY).orElseThrow());
    return new FileCheckpointStore(dir, new FileCheckpointStore.Disk() {
      @Override
      public void writeAndForce(Path file, byte[] bytes) throws IOException {
        REAL.writeAndForce(file, bytes);
        try {
          Thread.sleep(PAUSE_MILLIS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted before the rename", e);
        }
      }

      @Override
      public void moveAtomically(Path from, Path to) throws IOException {
        REAL.moveAtomically(from, to);
      }
    });
  }
}
