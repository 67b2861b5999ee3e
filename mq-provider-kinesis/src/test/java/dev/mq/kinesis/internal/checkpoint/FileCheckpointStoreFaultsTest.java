package dev.mq.kinesis.internal.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mq.kinesis.checkpoint.Checkpoint;
import dev.mq.kinesis.checkpoint.CheckpointStoreException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file store under disk faults. A full disk and an unwritable directory are injected through
 * the store's {@link FileCheckpointStore.Disk} seam: the tests run as root on some machines
 * (where permissions do not stop a write) and a small tmpfs needs root to mount, so a seam that
 * fails exactly the write, the force or the rename is the portable way. The seam sits below the
 * store's own logic (temp file, rename, clean-up, checksum), so all of that is exercised.
 */
class FileCheckpointStoreFaultsTest {

  private static final Map<String, Checkpoint> GOOD = Map.of("shardId-0", Checkpoint.afterRecord("100"),
      "shardId-1", Checkpoint.at("200", 3));

  @TempDir
  Path dir;

  /** Fails the chosen operations; writes half the bytes before failing a "disk full" write. */
  private static final class FaultyDisk implements FileCheckpointStore.Disk {
    volatile IOException onWrite;
    volatile boolean partialWrite;
    volatile IOException onMove;
    int writes;

    @Override
    public void writeAndForce(Path file, byte[] bytes) throws IOException {
      writes++;
      IOException fault = onWrite;
      if (fault != null) {
        if (partialWrite) {
          Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        }
        throw fault;
      }
      REAL.writeAndForce(file, bytes);
    }

    @Override
    public void moveAtomically(Path from, Path to) throws IOException {
      IOException fault = onMove;
      if (fault != null) {
        throw fault;
      }
      REAL.moveAtomically(from, to);
    }
  }

  @Test
  void aFullDiskFailsTheSaveClearlyAndKeepsTheLastGoodCheckpoints() throws Exception {
    FaultyDisk disk = new FaultyDisk();
    FileCheckpointStore store = new FileCheckpointStore(dir, disk);
    store.save("s", "g", GOOD);
    Path file = store.fileFor("s", "g");
    byte[] before = Files.readAllBytes(file);

    disk.onWrite = new FileSystemException(file + ".tmp", null, "No space left on device");
    disk.partialWrite = true;
    CheckpointStoreException e = catchThrowableOfType(
        () -> store.save("s", "g", Map.of("shardId-0", Checkpoint.afterRecord("101"))),
        CheckpointStoreException.class);
    assertThat(e).hasMessageContaining(file.toString()).hasMessageContaining("No space left on device")
        .hasCauseInstanceOf(FileSystemException.class);
    assertThat(Files.readAllBytes(file)).as("the last good file is untouched").isEqualTo(before);
    assertThat(new FileCheckpointStore(dir).load("s", "g")).isEqualTo(GOOD);
    assertThat(listNames()).as("the half-written temporary file is removed").containsExactly(file.getFileName().toString());

    disk.onWrite = null; // space again: the failed change is written with the next save
    store.save("s", "g", Map.of("shardId-0", Checkpoint.afterRecord("102")));
    assertThat(new FileCheckpointStore(dir).load("s", "g"))
        .containsEntry("shardId-0", Checkpoint.afterRecord("102"))
        .containsEntry("shardId-1", Checkpoint.at("200", 3));
  }

  @Test
  void anUnwritableDirectoryFailsTheSaveClearlyAndKeepsTheLastGoodCheckpoints() throws Exception {
    FaultyDisk disk = new FaultyDisk();
    FileCheckpointStore store = new FileCheckpointStore(dir, disk);
    store.save("s", "g", GOOD);
    Path file = store.fileFor("s", "g");
    disk.onWrite = new AccessDeniedException(file + ".tmp");
    assertThatThrownBy(() -> store.save("s", "g", Map.of("shardId-2", Checkpoint.shardEnd())))
        .isInstanceOf(CheckpointStoreException.class)
        .hasMessageContaining("cannot write checkpoint file " + file)
        .hasMessageContaining("AccessDeniedException")
        .hasCauseInstanceOf(AccessDeniedException.class);
    assertThat(new FileCheckpointStore(dir).load("s", "g")).isEqualTo(GOOD);
    assertThat(store.load("s", "g")).as("the failed change is not in the store's own view either").isEqualTo(GOOD);
  }

  @Test
  void aFailedRenameRemovesTheTemporaryFileAndKeepsTheLastGoodCheckpoints() throws Exception {
    FaultyDisk disk = new FaultyDisk();
    FileCheckpointStore store = new FileCheckpointStore(dir, disk);
    store.save("s", "g", GOOD);
    disk.onMove = new FileSystemException("rename", null, "Input/output error");
    assertThatThrownBy(() -> store.save("s", "g", Map.of("shardId-0", Checkpoint.shardEnd())))
        .isInstanceOf(CheckpointStoreException.class).hasMessageContaining("Input/output error");
    assertThat(new FileCheckpointStore(dir).load("s", "g")).isEqualTo(GOOD);
    assertThat(listNames()).containsExactly(store.fileFor("s", "g").getFileName().toString());
  }

  @Test
  void aDirectoryThatCannotBeCreatedFailsTheSave() throws Exception {
    Path blocker = dir.resolve("blocker");
    Files.writeString(blocker, "a file where the directory should be");
    FileCheckpointStore store = new FileCheckpointStore(blocker.resolve("checkpoints"));
    assertThatThrownBy(() -> store.save("s", "g", GOOD))
        .isInstanceOf(CheckpointStoreException.class)
        .hasMessageContaining(store.fileFor("s", "g").toString())
        .hasMessageContaining("Not a directory");
  }

  @Test
  void aTemporaryFileLeftByACrashIsNeverRead() throws Exception {
    FileCheckpointStore store = new FileCheckpointStore(dir);
    store.save("s", "g", GOOD);
    Path file = store.fileFor("s", "g");
    // a process killed between writing the temporary file and renaming it
    Files.writeString(file.resolveSibling(file.getFileName() + ".tmp"), "# mq-kinesis checkpoints v1\nstream s\n");
    assertThat(new FileCheckpointStore(dir).load("s", "g")).isEqualTo(GOOD);
    new FileCheckpointStore(dir).save("s", "g", Map.of("shardId-0", Checkpoint.shardEnd()));
    assertThat(new FileCheckpointStore(dir).load("s", "g")).containsEntry("shardId-0", Checkpoint.shardEnd());
  }

  /** Random write faults over many saves: what a fresh store reads is always a complete save. */
  @Test
  void underRandomWriteFaultsOnlyCompleteSavesAreEverReadBack() {
    Random random = new Random(42);
    FaultyDisk disk = new FaultyDisk();
    FileCheckpointStore store = new FileCheckpointStore(dir, disk);
    long lastGood = 0;
    int failed = 0;
    for (long seq = 1; seq <= 300; seq++) {
      int fault = random.nextInt(4);
      disk.onWrite = fault == 1 ? new FileSystemException("No space left on device") : null;
      disk.partialWrite = random.nextBoolean();
      disk.onMove = fault == 2 ? new FileSystemException("Input/output error") : null;
      try {
        store.save("s", "g", Map.of("shardId-0", Checkpoint.afterRecord(Long.toString(seq))));
        lastGood = seq;
      } catch (CheckpointStoreException e) {
        failed++;
      }
      Map<String, Checkpoint> read = lastGood == 0 ? Map.of() : new FileCheckpointStore(dir).load("s", "g");
      if (lastGood > 0) {
        assertThat(read).as("after save %d", seq)
            .isEqualTo(Map.of("shardId-0", Checkpoint.afterRecord(Long.toString(lastGood))));
      }
    }
    assertThat(failed).as("faults were injected").isBetween(50, 250);
  }

  @Test
  void everySingleByteFlipIsDetected() throws Exception {
    FileCheckpointStore store = new FileCheckpointStore(dir);
    store.save("s", "g", GOOD);
    Path file = store.fileFor("s", "g");
    byte[] good = Files.readAllBytes(file);
    int cases = 0;
    for (int i = 0; i < good.length; i++) {
      for (int mask : List.of(0x01, 0x20, 0x80, 0xff)) {
        byte[] bad = good.clone();
        bad[i] ^= (byte) mask;
        Files.write(file, bad);
        int at = i;
        assertThatThrownBy(() -> new FileCheckpointStore(dir).load("s", "g"))
            .as("byte %d xor %02x", at, mask)
            .isInstanceOf(CheckpointStoreException.class)
            .hasMessageContaining(file.toString())
            .hasMessageContaining("corrupt");
        cases++;
      }
    }
    assertThat(cases).isEqualTo(good.length * 4);
  }

  @Test
  void everyTruncationIsDetected() throws Exception {
    FileCheckpointStore store = new FileCheckpointStore(dir);
    store.save("s", "g", GOOD);
    Path file = store.fileFor("s", "g");
    byte[] good = Files.readAllBytes(file);
    for (int length = 0; length < good.length; length++) {
      Files.write(file, Arrays.copyOf(good, length));
      int at = length;
      assertThatThrownBy(() -> new FileCheckpointStore(dir).load("s", "g"))
          .as("truncated to %d of %d bytes", at, good.length)
          .isInstanceOf(CheckpointStoreException.class).hasMessageContaining("corrupt");
    }
  }

  @Test
  void bytesThatAreNotUtf8AreReportedAsCorrupt() throws Exception {
    FileCheckpointStore store = new FileCheckpointStore(dir);
    store.save("s", "g", GOOD);
    Path file = store.fileFor("s", "g");
    byte[] bad = Files.readAllBytes(file);
    bad[5] = (byte) 0xC3; // a lead byte without its continuation
    Files.write(file, bad);
    assertThatThrownBy(() -> new FileCheckpointStore(dir).load("s", "g"))
        .isInstanceOf(CheckpointStoreException.class).hasMessageContaining("corrupt")
        .hasMessageContaining("not valid UTF-8");
  }

  @Test
  void anOversizedFileIsReportedWithoutReadingIt() throws Exception {
    FileCheckpointStore store = new FileCheckpointStore(dir);
    Path file = store.fileFor("s", "g");
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(FileCheckpointStore.MAX_FILE_BYTES + 1); // sparse: no real disk space
    }
    assertThatThrownBy(() -> store.load("s", "g"))
        .isInstanceOf(CheckpointStoreException.class).hasMessageContaining("larger than");
  }

  private List<String> listNames() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
