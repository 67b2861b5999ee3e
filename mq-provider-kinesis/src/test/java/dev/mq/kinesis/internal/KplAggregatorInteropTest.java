package dev.mq.kinesis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.kinesis.agg.AggRecord;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.kinesis.testing.KinesisEndpoint;
import dev.mq.kinesis.testing.KinesisEndpointExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Records aggregated by AWS's own aggregation library ({@code com.amazonaws:amazon-kinesis-aggregator},
 * the KPL's format as AWS writes it, not our reading of it) are de-aggregated: each user record
 * once, with its own partition key, in order per key, and a checkpoint inside an aggregate
 * resumes after a restart without delivering acknowledged user records again.
 */
@Tag("interop")
@ExtendWith(KinesisEndpointExtension.class)
class KplAggregatorInteropTest {

  private static final int KEYS = 4;
  private static final int PER_KEY = 15;
  private static final int PER_AGGREGATE = 20;

  @TempDir
  Path dir;

  /** 60 user records, keys interleaved, in 3 aggregates written by the AWS library. */
  private static List<String> putAggregates(KinesisEndpoint endpoint, String stream) {
    List<String> bodies = new ArrayList<>();
    try (KinesisClient c = endpoint.syncClient()) {
      AggRecord aggregate = new AggRecord();
      for (int i = 0; i < KEYS * PER_KEY; i++) {
        String key = "key-" + (i % KEYS);
        String body = key + "/" + (i / KEYS);
        assertThat(aggregate.addUserRecord(key, null, body.getBytes(StandardCharsets.UTF_8))).isTrue();
        bodies.add(body);
        if (aggregate.getNumUserRecords() == PER_AGGREGATE) {
          // the record as the library builds it; its own request types are of the AWS SDK v1
          AggRecord full = aggregate;
          c.putRecord(b -> b.streamName(stream).partitionKey(full.getPartitionKey())
              .explicitHashKey(full.getExplicitHashKey())
              .data(SdkBytes.fromByteArray(full.toRecordBytes())));
          aggregate = new AggRecord();
        }
      }
    }
    return bodies;
  }

  private static String keyOf(String body) {
    return body.substring(0, body.indexOf('/'));
  }

  /** Per key, the bodies in delivery order. */
  private static Map<String, List<String>> byKey(List<String> bodies) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    bodies.forEach(b -> out.computeIfAbsent(keyOf(b), k -> new ArrayList<>()).add(b));
    return out;
  }

  /** Receives and acknowledges one at a time: a key's next message waits for the previous. */
  private static List<Envelope> receiveOneByOne(MessageQueue q, int n) {
    List<Envelope> got = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      got.addAll(ProviderTests.receiveAndAck(q, 1));
    }
    return got;
  }

  @Test
  void everyUserRecordOnceWithItsOwnKeyInOrderPerKeyAndResumedInsideAnAggregate(
      KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("kpl-agg", 1);
    List<String> pushed = putAggregates(endpoint, stream);
    Map<String, String> config = ProviderTests.config(endpoint, dir);
    List<String> delivered = new ArrayList<>();
    try (KinesisBroker broker = ProviderTests.connect(config)) {
      MessageQueue q = broker.queue(stream);
      // 13 acknowledged: the checkpoint ends inside the first aggregate of 20
      for (Envelope e : receiveOneByOne(q, 13)) {
        assertThat(e.partitionKey()).contains(keyOf(e.bodyAsString()));
        assertThat(e.property("mq.kinesis.sub-sequence-number")).isPresent();
        delivered.add(e.bodyAsString());
      }
    }
    try (KinesisBroker broker = ProviderTests.connect(config)) {
      MessageQueue q = broker.queue(stream);
      for (Envelope e : receiveOneByOne(q, pushed.size() - 13)) {
        assertThat(e.partitionKey()).contains(keyOf(e.bodyAsString()));
        delivered.add(e.bodyAsString());
      }
      ProviderTests.assertNothingMore(q);
    }
    assertThat(delivered).as("each user record once").containsExactlyInAnyOrderElementsOf(pushed);
    assertThat(byKey(delivered)).as("per-key order").isEqualTo(byKey(pushed));
  }
}
