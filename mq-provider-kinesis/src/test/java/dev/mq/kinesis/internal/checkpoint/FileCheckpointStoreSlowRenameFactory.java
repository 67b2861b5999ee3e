package dev.mq.kinesis.internal.checkpoint;

import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code mq.kinesis.checkpoint-store=file-slow-rename}: the real {@link FileCheckpointStore},
 * except that each save pauses {@value #PAUSE_MILLIS} ms between writing its temporary file and
 * renaming it. A process killed at a random moment then often dies in the middle of a checkpoint
 * write, which the kill-loop fault test needs to hit.
 */
public final class FileCheckpointStoreSlowRenameFactory extends FileCheckpointStoreWithWriteFault {

  /** The name. */
  public static final String NAME = "file-slow-rename";
  static final long PAUSE_MILLIS = 30;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  void write(Path file, byte[] bytes) throws IOException {
    FileCheckpointStore.Disk.REAL.writeAndForce(file, bytes);
    try {
      Thread.sleep(PAUSE_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted before the rename", e);
    }
  }
}
