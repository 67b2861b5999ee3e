package dev.mq.kinesis.internal.checkpoint;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code mq.kinesis.checkpoint-store=file-full-disk}: the real {@link FileCheckpointStore}, whose
 * writes fail with "No space left on device" (after writing half the temporary file) while
 * {@link #full} is set. For the fault test of a disk that fills up under a running consumer.
 * The switch is JVM-wide; only that test uses this store.
 */
public final class FileCheckpointStoreFullDiskFactory extends FileCheckpointStoreWithWriteFault {

  /** The name. */
  public static final String NAME = "file-full-disk";
  /** While true, every checkpoint write fails. */
  public static volatile boolean full;
  /** Writes that failed. */
  public static final AtomicInteger FAILED_WRITES = new AtomicInteger();

  @Override
  public String name() {
    return NAME;
  }

  @Override
  void write(Path file, byte[] bytes) throws IOException {
    if (full) {
      FAILED_WRITES.incrementAndGet();
      FileCheckpointStore.Disk.REAL.writeAndForce(file, Arrays.copyOf(bytes, bytes.length / 2));
      throw new FileSystemException(file.toString(), null, "No space left on device");
    }
    FileCheckpointStore.Disk.REAL.writeAndForce(file, bytes);
  }
}
