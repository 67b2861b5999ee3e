package dev.mq.kinesis.internal.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mq.kinesis.checkpoint.Checkpoint;
import dev.mq.kinesis.checkpoint.CheckpointStoreException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCheckpointStoreTest {

  @TempDir
  Path dir;

  @Test
  void savedCheckpointsAreLoadedByANewStore() {
    FileCheckpointStore store = new FileCheckpointStore(dir.resolve("nested"));
    store.save("orders", "billing", Map.of("shardId-0", Checkpoint.afterRecord("123"),
        "shardId-1", Checkpoint.at("456", 2)));
    store.save("orders", "billing", Map.of("shardId-0", Checkpoint.shardEnd()));
    store.close();
    Map<String, Checkpoint> loaded = new FileCheckpointStore(dir.resolve("nested")).load("orders", "billing");
    assertThat(loaded).containsExactlyInAnyOrderEntriesOf(Map.of(
        "shardId-0", Checkpoint.shardEnd(), "shardId-1", Checkpoint.at("456", 2)));
    assertThat(store.isDurable()).isTrue();
  }

  @Test
  void aStoredStartTimeRoundTrips() {
    Checkpoint start = Checkpoint.atTimestamp(java.time.Instant.parse("2026-01-31T10:00:00.123Z"));
    new FileCheckpointStore(dir).save("orders", "billing", Map.of("shardId-0", start));
    assertThat(new FileCheckpointStore(dir).load("orders", "billing")).containsEntry("shardId-0", start);
  }

  @Test
  void runsDoneAheadRoundTripAndStayUntilReplaced() {
    dev.mq.kinesis.internal.lease.DoneRange run = new dev.mq.kinesis.internal.lease.DoneRange(
        Checkpoint.afterRecord("20"), Checkpoint.afterRecord("29"));
    new FileCheckpointStore(dir).save("orders", "billing", Map.of("shardId-0", Checkpoint.afterRecord("10")),
        Map.of("shardId-0", java.util.List.of(run)));
    FileCheckpointStore next = new FileCheckpointStore(dir);
    assertThat(next.load("orders", "billing")).containsEntry("shardId-0", Checkpoint.afterRecord("10"));
    assertThat(next.loadDoneAhead("orders", "billing")).containsEntry("shardId-0", java.util.List.of(run));
    next.save("orders", "billing", Map.of("shardId-0", Checkpoint.afterRecord("12")));
    assertThat(new FileCheckpointStore(dir).loadDoneAhead("orders", "billing"))
        .as("a plain save keeps the runs").containsEntry("shardId-0", java.util.List.of(run));
    next.save("orders", "billing", Map.of(), Map.of("shardId-0", java.util.List.of()));
    assertThat(new FileCheckpointStore(dir).loadDoneAhead("orders", "billing")).as("replaced by none").isEmpty();
  }

  @Test
  void groupsAndStreamsHaveTheirOwnFiles() {
    FileCheckpointStore store = new FileCheckpointStore(dir);
    store.save("s", "g/1 ü", Map.of("a", Checkpoint.afterRecord("1")));
    store.save("s", "g2", Map.of("a", Checkpoint.afterRecord("2")));
    assertThat(store.load("s", "g/1 ü")).containsEntry("a", Checkpoint.afterRecord("1"));
    assertThat(store.load("s", "g2")).containsEntry("a", Checkpoint.afterRecord("2"));
    assertThat(store.load("other", "g2")).isEmpty();
    assertThat(store.fileFor("s", "g/1 ü").getFileName().toString()).doesNotContain("/", " ");
  }

  @Test
  void aCorruptFileIsReportedNotReset() throws Exception {
    FileCheckpointStore store = new FileCheckpointStore(dir);
    store.save("s", "g", Map.of("shardId-0", Checkpoint.afterRecord("987")));
    Path file = store.fileFor("s", "g");
    String text = Files.readString(file).replace("987", "988");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    FileCheckpointStore fresh = new FileCheckpointStore(dir);
    assertThatThrownBy(() -> fresh.load("s", "g"))
        .isInstanceOf(CheckpointStoreException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("checksum");
    assertThatThrownBy(() -> fresh.save("s", "g", Map.of("shardId-1", Checkpoint.afterRecord("1"))))
        .isInstanceOf(CheckpointStoreException.class);
    assertThat(Files.readString(file)).as("the corrupt file is left for inspection").isEqualTo(text);
  }

  @Test
  void aTruncatedFileIsReported() throws Exception {
    FileCheckpointStore store = new FileCheckpointStore(dir);
    store.save("s", "g", Map.of("shardId-0", Checkpoint.afterRecord("1")));
    Path file = store.fileFor("s", "g");
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> new FileCheckpointStore(dir).load("s", "g"))
        .isInstanceOf(CheckpointStoreException.class).hasMessageContaining("corrupt");
  }

  @Test
  void aFileOfAnotherGroupIsReported() throws Exception {
    FileCheckpointStore store = new FileCheckpointStore(dir);
    store.save("s", "g1", Map.of("shardId-0", Checkpoint.afterRecord("1")));
    Files.copy(store.fileFor("s", "g1"), store.fileFor("s", "g2"));
    assertThatThrownBy(() -> new FileCheckpointStore(dir).load("s", "g2"))
        .isInstanceOf(CheckpointStoreException.class).hasMessageContaining("does not belong");
  }

  @Test
  void noTemporaryFileIsLeftBehind() throws Exception {
    FileCheckpointStore store = new FileCheckpointStore(dir);
    store.save("s", "g", Map.of("shardId-0", Checkpoint.afterRecord("1")));
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("s.g.checkpoints");
    }
  }

  @Test
  void anUnwritableDirectoryFailsTheSave() throws Exception {
    Path notADir = dir.resolve("file");
    Files.writeString(notADir, "x");
    FileCheckpointStore store = new FileCheckpointStore(notADir);
    assertThatThrownBy(() -> store.save("s", "g", Map.of("a", Checkpoint.afterRecord("1"))))
        .isInstanceOf(CheckpointStoreException.class);
  }

  @Test
  void memoryStoreKeepsCheckpointsButIsNotDurable() {
    MemoryCheckpointStore store = new MemoryCheckpointStore();
    store.save("s", "g", Map.of("a", Checkpoint.afterRecord("1")));
    store.save("s", "g", Map.of("b", Checkpoint.shardEnd()));
    assertThat(store.load("s", "g")).hasSize(2);
    assertThat(store.load("s", "h")).isEmpty();
    assertThat(store.isDurable()).isFalse();
  }
}
