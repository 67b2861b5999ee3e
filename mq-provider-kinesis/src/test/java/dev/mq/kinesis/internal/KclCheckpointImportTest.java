package dev.mq.kinesis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.kinesis.agg.AggRecord;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.MessagingException;
import dev.mq.kinesis.testing.Dynalite;
import dev.mq.kinesis.testing.KinesisEndpoint;
import dev.mq.kinesis.testing.KinesisEndpointExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * {@code mq.kinesis.kcl-lease-table} against a real Kinesis Client Library application (AWS's
 * {@code amazon-kinesis-client}, polling, on kinesis-local and dynalite): the KCL reads a
 * two-shard stream and checkpoints after a known record per shard (on one shard inside a KPL
 * aggregate, so with a sub-sequence number); while it runs, a group that would import is refused;
 * once it is stopped, the group delivers exactly the records after the KCL's checkpoints.
 */
@Tag("interop")
@ExtendWith(KinesisEndpointExtension.class)
class KclCheckpointImportTest {

  /** The KCL checkpoints at the record of this index on each shard (0-based). */
  private static final int CHECKPOINT_INDEX = 4;
  private static final int AGGREGATED = 10;
  private static final int PLAIN = 30;

  @AutoClose
  private static final Dynalite dynalite = Dynalite.start();

  @TempDir
  Path dir;

  private Map<String, String> importing(KinesisEndpoint endpoint, String kclTable) {
    Map<String, String> c = ProviderTests.kclImportConfig(endpoint, dir, dynalite, kclTable);
    c.put("mq.kinesis.consumer-group", "after-kcl");
    return c;
  }

  /**
   * Shard 0 starts with a KPL aggregate of {@link #AGGREGATED} user records written by AWS's
   * aggregation code, so the KCL's checkpoint there falls inside it; then this provider pushes
   * {@link #PLAIN} plain records spread over both shards by their keys.
   */
  private void fill(KinesisEndpoint endpoint, String stream) {
    AggRecord aggregate = new AggRecord();
    for (int i = 0; i < AGGREGATED; i++) {
      String body = "agg-" + i;
      // hash key 0 for each user record too: the KCL drops user records that hash outside the shard
      assertThat(aggregate.addUserRecord(body, "0", body.getBytes(StandardCharsets.UTF_8))).isTrue();
    }
    try (KinesisClient c = endpoint.syncClient()) {
      c.putRecord(b -> b.streamName(stream).partitionKey(aggregate.getPartitionKey())
          .explicitHashKey("0").data(SdkBytes.fromByteArray(aggregate.toRecordBytes())));
    }
    Map<String, String> config = ProviderTests.config(endpoint, dir);
    config.put("mq.kinesis.record-format", "plain");
    try (KinesisBroker broker = ProviderTests.connect(config)) {
      MessageQueue q = broker.queue(stream);
      for (int i = 0; i < PLAIN; i++) {
        q.push(Envelope.builder().body("plain-" + i).partitionKey("key-" + i).build());
      }
    }
  }

  private static String body(KclApplication.Received r) {
    return new String(r.data(), StandardCharsets.UTF_8);
  }

  @Test
  void theGroupIsRefusedWhileTheKclRunsAndThenDeliversExactlyWhatComesAfterItsCheckpoints(
      KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("kcl-import", 2);
    fill(endpoint, stream);
    List<KclApplication.Received> kclRead;
    Map<String, String> checkpoints = new LinkedHashMap<>();
    String table;
    try (KclApplication kcl = KclApplication.start(endpoint, dynalite, stream,
        r -> r.indexInShard() == CHECKPOINT_INDEX)) {
      table = kcl.leaseTable();
      kclRead = kcl.awaitReceived(AGGREGATED + PLAIN);
      kclRead.stream().filter(r -> r.indexInShard() == CHECKPOINT_INDEX)
          .forEach(r -> checkpoints.put(r.shardId(), r.sequenceNumber()));
      assertThat(checkpoints).as("a checkpoint record on each shard").hasSize(2);
      kcl.awaitCheckpoints(checkpoints);

      // the KCL renews its leases: the import refuses, names the table and says what to do
      try (KinesisBroker broker = ProviderTests.connect(importing(endpoint, table))) {
        MessageQueue q = broker.queue(stream);
        assertThatThrownBy(() -> q.dequeue(Duration.ofMillis(100)))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining(table)
            .hasMessageContaining("is still running")
            .hasMessageContaining("Stop every worker of the KCL application first");
      }
      kcl.stop();
      Map<String, KclApplication.LeaseRow> leases = kcl.leases();
      checkpoints.forEach((shard, sequence) -> {
        assertThat(leases.get(shard).checkpoint()).as("checkpoint of " + shard + " after the KCL stopped")
            .isEqualTo(sequence);
        // KCL 3.5.1 keeps the owner of its leases after a graceful shutdown: the import must
        // tell an idle owner (counter unchanged for kcl-failover-time) from a live one
        assertThat(leases.get(shard).owner()).as("owner of " + shard + " after the KCL stopped").isNotNull();
      });
      KclApplication.Received insideAggregate = kclRead.stream()
          .filter(r -> r.indexInShard() == CHECKPOINT_INDEX && body(r).startsWith("agg-")).findFirst().orElseThrow();
      assertThat(insideAggregate.subSequenceNumber()).isEqualTo(CHECKPOINT_INDEX);
      assertThat(leases.get(insideAggregate.shardId()).subSequenceNumber())
          .as("the KCL's checkpoint inside the aggregate has its sub-sequence number")
          .isEqualTo(CHECKPOINT_INDEX);
    }

    List<String> expected = new ArrayList<>();
    KclApplication.byShard(kclRead).values().forEach(shard ->
        shard.stream().filter(r -> r.indexInShard() > CHECKPOINT_INDEX).map(KclCheckpointImportTest::body)
            .forEach(expected::add));
    try (KinesisBroker broker = ProviderTests.connect(importing(endpoint, table))) {
      MessageQueue q = broker.queue(stream);
      List<String> delivered = ProviderTests.receiveAndAck(q, expected.size()).stream()
          .map(Envelope::bodyAsString).toList();
      ProviderTests.assertNothingMore(q);
      assertThat(delivered).as("exactly the records after the KCL's checkpoints, each once")
          .containsExactlyInAnyOrderElementsOf(expected);
    }
  }
}
