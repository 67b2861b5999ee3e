package dev.mq.kinesis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mq.Broker;
import dev.mq.Capability;
import dev.mq.ConfigurationException;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.MessageQueues;
import dev.mq.kinesis.KinesisProvider;
import dev.mq.kinesis.checkpoint.Checkpoint;
import dev.mq.kinesis.checkpoint.CheckpointStoreException;
import dev.mq.kinesis.internal.checkpoint.FileCheckpointStore;
import dev.mq.kinesis.testing.KinesisEndpoint;
import dev.mq.kinesis.testing.KinesisEndpointExtension;
import dev.mq.kinesis.testing.TestStreams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@ExtendWith(KinesisEndpointExtension.class)
class ConfigurationTest {

  private static final String SECRET = "s3cr3t-never-shown";

  @TempDir
  Path dir;

  private Map<String, String> base() {
    Map<String, String> c = new HashMap<>();
    c.put("mq.provider", "kinesis");
    c.put("mq.kinesis.region", "us-east-1");
    c.put("mq.kinesis.endpoint", "http://127.0.0.1:1");
    c.put("mq.kinesis.access-key-id", "AKIDEXAMPLE");
    c.put("mq.kinesis.secret-access-key", SECRET);
    c.put("mq.kinesis.checkpoint-dir", dir.toString());
    return c;
  }

  @Test
  void unknownKeyIsNamedWithTheValidOnes() {
    Map<String, String> c = base();
    c.put("mq.kinesis.shard", "2");
    assertThatThrownBy(() -> MessageQueues.connect(c))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("mq.kinesis.shard")
        .hasMessageContaining("mq.kinesis.shards")
        .hasMessageContaining("mq.kinesis.checkpoint-dir")
        .hasMessageNotContaining(SECRET);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "shards|0", "shards|many", "create-streams|yes", "initial-position|yesterday",
      "poll-interval|10ms", "poll-interval|soon", "checkpoint-interval|-1s", "read-ahead-records|0",
      "read-ahead-bytes|12", "max-records-per-call|10001", "request-timeout|0s",
      "shard-discovery-interval|1ms", "threads|0", "endpoint|ftp://x", "endpoint|::", "region|US EAST",
      "checkpoint-store|redis", "stream-prefix|a/b", "consumer-group|' '", "stream-ready-timeout|1ms",
      "producer-max-attempts|0", "producer-linger|1h", "max-record-bytes|12", "max-record-bytes|8191",
      "producer-max-records-per-request|501", "producer-buffer-full-wait|never",
      "record-format|json", "stream-mode|burst", "kcl-lease-table|a/b", "kcl-failover-time|100ms",
      "kcl-failover-time|2h"})
  void malformedValueNamesKeyAndValue(String key, String value) {
    Map<String, String> c = base();
    c.put("mq.kinesis." + key, value);
    assertThatThrownBy(() -> MessageQueues.connect(c).close())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("mq.kinesis." + key)
        .hasMessageContaining(value.trim())
        .hasMessageNotContaining(SECRET);
  }

  @Test
  void producerBackoffsThatDoNotFitTogetherAreRefused() {
    Map<String, String> c = base();
    c.put("mq.kinesis.producer-base-backoff", "5s");
    c.put("mq.kinesis.producer-max-backoff", "1s");
    assertThatThrownBy(() -> MessageQueues.connect(c))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("producer");
  }

  @Test
  void unknownCheckpointStoreListsTheKnownOnes() {
    Map<String, String> c = base();
    c.put("mq.kinesis.checkpoint-store", "redis");
    assertThatThrownBy(() -> MessageQueues.connect(c))
        .hasMessageContaining("file, memory");
  }

  @Test
  void accessKeyWithoutSecretIsRefusedWithoutShowingValues() {
    Map<String, String> c = base();
    c.remove("mq.kinesis.secret-access-key");
    assertThatThrownBy(() -> MessageQueues.connect(c))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("mq.kinesis.secret-access-key")
        .hasMessageNotContaining("AKIDEXAMPLE");
  }

  @Test
  void timestampInitialPositionIsAccepted() {
    Map<String, String> c = base();
    c.put("mq.kinesis.initial-position", "2026-01-31T10:00:00Z");
    try (Broker b = MessageQueues.connect(c)) {
      assertThat(b.provider()).isEqualTo("kinesis");
    }
  }

  @Test
  void secretIsNotInToStringAndIsDeclaredSecret() {
    try (Broker b = MessageQueues.connect(base())) {
      assertThat(b.toString()).doesNotContain(SECRET);
    }
    assertThat(new KinesisProvider().secretKeys()).contains("secret-access-key", "access-key-id");
  }

  @Test
  void durableOnlyWithAFileStore() {
    try (Broker file = MessageQueues.connect(base())) {
      assertThat(file.capabilities()).contains(Capability.DURABLE, Capability.ORDERING_BY_KEY,
          Capability.CONSUMER_GROUPS, Capability.DEAD_LETTER, Capability.COMPETING_CONSUMERS)
          .doesNotContain(Capability.DISTRIBUTED_COMPETING_CONSUMERS);
    }
    Map<String, String> c = base();
    c.put("mq.kinesis.checkpoint-store", "memory");
    try (Broker memory = MessageQueues.connect(c)) {
      assertThat(memory.capabilities()).doesNotContain(Capability.DURABLE);
    }
  }

  @Test
  void missingStreamWithoutCreateStreamsNamesTheStream(KinesisEndpoint endpoint) {
    Map<String, String> c = ProviderTests.config(endpoint, dir);
    c.put("mq.kinesis.create-streams", "false");
    c.put("mq.kinesis.stream-prefix", "pre-");
    String queue = TestStreams.uniqueName("missing");
    try (Broker b = MessageQueues.connect(c)) {
      assertThatThrownBy(() -> b.queue(queue))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("pre-" + queue)
          .hasMessageContaining("mq.kinesis.create-streams");
      assertThatThrownBy(() -> b.queue("bad name"))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void missingDeadLetterStreamWithoutCreateStreamsFailsWhenTheQueueIsOpened(KinesisEndpoint endpoint) {
    // before, the queue opened and the first corrupt record or dead letter stopped its shard
    String stream = endpoint.createStream("dlq-missing", 1);
    Map<String, String> c = ProviderTests.config(endpoint, dir);
    c.put("mq.kinesis.create-streams", "false");
    c.put("mq.dead-letter-queue", "{queue}-dlq");
    try (Broker b = MessageQueues.connect(c)) {
      assertThatThrownBy(() -> b.queue(stream))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining(stream + "-dlq")
          .hasMessageContaining("dead-letter")
          .hasMessageContaining("mq.kinesis.create-streams");
      String dlq = stream + "-dlq";
      try (KinesisClient client = endpoint.syncClient()) {
        client.createStream(r -> r.streamName(dlq).shardCount(1));
        TestStreams.awaitActive(client, dlq);
      }
      try (MessageQueue q = b.queue(stream)) {
        q.push(Envelope.of("opens once the dead-letter stream exists"));
      } finally {
        endpoint.deleteStream(dlq);
      }
    }
  }

  @Test
  void corruptCheckpointFileFailsTheFirstDequeue(KinesisEndpoint endpoint) throws Exception {
    String stream = endpoint.createStream("corrupt-cp", 1);
    FileCheckpointStore store = new FileCheckpointStore(dir);
    store.save(stream, "default", Map.of("shardId-000000000000", Checkpoint.afterRecord("1")));
    Path file = store.fileFor(stream, "default");
    Files.writeString(file, Files.readString(file).replace("shardId", "shardIt"));
    try (Broker b = MessageQueues.connect(ProviderTests.config(endpoint, dir));
         MessageQueue q = b.queue(stream)) {
      q.push(Envelope.of("pushing reads no checkpoint"));
      assertThatThrownBy(() -> q.dequeue())
          .isInstanceOf(CheckpointStoreException.class)
          .hasMessageContaining(file.toString());
    }
  }
}
