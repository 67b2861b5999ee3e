package dev.mq.kinesis;

import dev.mq.kinesis.testing.Dynalite;
import dev.mq.kinesis.testing.TestStreams;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The whole contract kit with the {@code dynamodb} checkpoint store (shard leases in dynalite)
 * against a persistent kinesis-local of its own; the DURABLE rules restart the Kinesis emulator,
 * the lease table lives on in dynalite.
 *
 * <p>Streams get two shards, so that rule 3.10 (two connections share the messages) can see the
 * shards balanced between the two connections' workers.
 */
class DynamoDbTckTest extends KinesisLocalTck {

  private static Dynalite dynalite;
  private static String table;

  @BeforeAll
  static void startDynalite() {
    dynalite = Dynalite.start();
    table = TestStreams.uniqueName("tck-leases");
  }

  @AfterAll
  static void stopDynalite() {
    if (dynalite != null) {
      dynalite.close();
    }
  }

  @Override
  protected Map<String, String> providerConfig() {
    Map<String, String> config = emulatorConfig();
    config.put("mq.kinesis.poll-interval", "200ms");
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
}
