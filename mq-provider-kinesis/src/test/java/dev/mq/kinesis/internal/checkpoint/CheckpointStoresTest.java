package dev.mq.kinesis.internal.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mq.ConfigurationException;
import dev.mq.kinesis.checkpoint.CheckpointStore;
import dev.mq.spi.ProviderConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stores opened by name come with what their factory knows they can do beyond the public
 * contract (the dynamodb store's lease table is checked in {@code DynamoDbCheckpointStoreTest}).
 */
class CheckpointStoresTest {

  private static final String KEY = "mq.kinesis.checkpoint-store";

  @TempDir
  Path dir;

  @Test
  void theFileStoreKeepsTheRunsDoneAheadAndHoldsNoLeases() {
    OpenedStore opened = CheckpointStores.open("file", KEY,
        ProviderConfig.of("kinesis", Map.of("mq.kinesis.checkpoint-dir", dir.toString())));
    try (CheckpointStore store = opened.store()) {
      assertThat(opened.doneAheadStore()).get().isSameAs(store);
      assertThat(opened.leaseTable()).isEmpty();
    }
  }

  @Test
  void theMemoryStoreIsPlain() {
    OpenedStore opened = CheckpointStores.open("memory", KEY, ProviderConfig.of("kinesis", Map.of()));
    try (CheckpointStore store = opened.store()) {
      assertThat(store).isInstanceOf(MemoryCheckpointStore.class);
      assertThat(opened.doneAheadStore()).isEmpty();
      assertThat(opened.leaseTable()).isEmpty();
    }
  }

  @Test
  void anUnknownNameIsAConfigurationErrorNamingTheKey() {
    assertThatThrownBy(() -> CheckpointStores.open("nope", KEY, ProviderConfig.of("kinesis", Map.of())))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining(KEY).hasMessageContaining("nope");
  }
}
