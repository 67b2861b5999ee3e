package dev.mq.kinesis;

import dev.mq.kinesis.testing.Dynalite;
import dev.mq.kinesis.testing.EmulatorProcess;
import dev.mq.kinesis.testing.KinesisEmulators;
import dev.mq.kinesis.testing.TestStreams;
import dev.mq.tck.MessageQueueTck;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole contract kit with the {@code dynamodb} checkpoint store (shard leases in dynalite)
 * against a persistent kinesis-local of its own; the DURABLE rules restart the Kinesis emulator,
 * the lease table lives on in dynalite.
 *
 * <p>Streams get two shards, so that rule 3.10 (two connections share the messages) can see the
 * shards balanced between the two connections' workers.
 */
class DynamoDbTckTest extends MessageQueueTck {

  @TempDir
  static Path dir;
  private static EmulatorProcess kinesis;
  private static Dynalite dynalite;
  private static String table;

  @BeforeAll
  static void startEmulators() {
    kinesis = KinesisEmulators.startKinesisLocal(dir.resolve("kinesis-data"));
    dynalite = Dynalite.start();
    table = TestStreams.uniqueName("tck-leases");
  }

  @AfterAll
  static void stopEmulators() {
    if (dynalite != null) {
      dynalite.close();
    }
    if (kinesis != null) {
      kinesis.close();
    }
  }

  @Override
  protected Map<String, String> providerConfig() {
    Map<String, String> config = kinesis.endpoint().providerConfig();
    config.put("mq.kinesis.poll-interval", "200ms");
    config.put("mq.kinesis.checkpoint-interval", "100ms");
    config.put("mq.kinesis.shards", "2");
    return dynalite.addStoreConfig(config, table, Duration.ofSeconds(2));
  }

  @Override
  protected Map<String, String> malformedProviderValues() {
    return Map.of(
        "mq.kinesis.shards", "zero",
        "mq.kinesis.lease-failover-time", "soon",
        "mq.kinesis.lease-max-steals", "-1",
        "mq.kinesis.dynamodb-endpoint", "ftp://127.0.0.1",
        "mq.kinesis.lease-table", "x");
  }

  @Override
  protected void restartBroker() {
    kinesis.stop();
    kinesis.start();
  }

  /** {@code max-record-bytes} (1 MiB) less the 4 KiB kept for dead-letter properties. */
  @Override
  protected int maxMessageSize() {
    return 1_048_576 - 4096;
  }
}
