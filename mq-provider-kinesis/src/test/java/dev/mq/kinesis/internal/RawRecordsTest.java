package dev.mq.kinesis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mq.DeadLetters;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.MessagingException;
import dev.mq.kinesis.testing.KinesisEndpoint;
import dev.mq.kinesis.testing.KinesisEndpointExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;

/** Records written by other producers, corrupt records, and dead-letter writes that fail. */
@ExtendWith(KinesisEndpointExtension.class)
class RawRecordsTest {

  @TempDir
  Path dir;

  private static void putRaw(KinesisEndpoint endpoint, String stream, String key, byte[] data) {
    try (KinesisClient c = endpoint.syncClient()) {
      c.putRecord(PutRecordRequest.builder().streamName(stream).partitionKey(key)
          .data(SdkBytes.fromByteArray(data)).build());
    }
  }

  private Map<String, String> withDeadLetterQueue(KinesisEndpoint endpoint) {
    Map<String, String> config = ProviderTests.config(endpoint, dir);
    config.put("mq.dead-letter-queue", "{queue}-dlq");
    return config;
  }

  private static byte[] corruptRecordOfOurFormat() {
    byte[] good = ProviderTests.encode(Envelope.builder().body("x".repeat(100)).property("p", "v").build());
    return Arrays.copyOf(good, good.length - 30);
  }

  @Test
  void aForeignRecordIsDeliveredRawWithWhereItCameFrom(KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("foreign", 1);
    putRaw(endpoint, stream, "pk-1", "hello from elsewhere".getBytes(StandardCharsets.UTF_8));
    try (KinesisBroker broker = ProviderTests.connect(ProviderTests.config(endpoint, dir))) {
      MessageQueue q = broker.queue(stream);
      Envelope e = ProviderTests.receive(q, 1).get(0);
      assertThat(e.bodyAsString()).isEqualTo("hello from elsewhere");
      assertThat(e.partitionKey()).contains("pk-1");
      assertThat(e.properties()).containsEntry("mq.kinesis.partition-key", "pk-1")
          .containsEntry("mq.kinesis.shard-id", "shardId-000000000000")
          .containsKeys("mq.kinesis.sequence-number", "mq.kinesis.arrival-time");
      assertThat(Instant.parse(e.property("mq.kinesis.arrival-time").orElseThrow())).isBefore(Instant.now().plusSeconds(60));
      q.reject(e);
      Envelope again = ProviderTests.receive(q, 1).get(0);
      assertThat(again.messageId()).as("stable across redelivery").isEqualTo(e.messageId());
      assertThat(again.deliveryAttempt()).isEqualTo(2);
      q.acknowledge(again);
      ProviderTests.assertNothingMore(q);
    }
  }

  @Test
  void aCorruptRecordWithoutDeadLetterQueueIsDeliveredRawWithTheReason(KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("corrupt-raw", 1);
    byte[] corrupt = corruptRecordOfOurFormat();
    putRaw(endpoint, stream, "k", corrupt);
    try (KinesisBroker broker = ProviderTests.connect(ProviderTests.config(endpoint, dir))) {
      assertDeliveredRawThenTheGoodOne(broker.queue(stream), corrupt);
    }
  }

  /** The corrupt record comes raw with its reason, and the shard goes on to a good message. */
  private static void assertDeliveredRawThenTheGoodOne(MessageQueue q, byte[] corrupt) {
    q.push(Envelope.of("a good one after it"));
    Envelope bad = ProviderTests.receive(q, 1).get(0);
    assertThat(bad.body()).isEqualTo(corrupt);
    assertThat(bad.property("mq.kinesis.corrupt-reason")).isPresent();
    q.acknowledge(bad);
    assertThat(ProviderTests.receiveAndAck(q, 1).get(0).bodyAsString()).isEqualTo("a good one after it");
  }

  @Test
  void aCorruptRecordTooLargeForADeadLetterIsDeliveredRawAndTheShardGoesOn(KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("corrupt-huge", 1);
    byte[] good = ProviderTests.encode(Envelope.builder().body(new byte[1_048_576]).build());
    // cut short, so corrupt, and 16 bytes under the record limit with its 1-byte key
    byte[] corrupt = Arrays.copyOf(good, 1_048_576 - 1 - 16);
    putRaw(endpoint, stream, "k", corrupt);
    try (KinesisBroker broker = ProviderTests.connect(withDeadLetterQueue(endpoint))) {
      MessageQueue q = broker.queue(stream);
      assertDeliveredRawThenTheGoodOne(q, corrupt);
      ProviderTests.assertNothingMore(broker.queue(stream + "-dlq"));
    }
  }

  @Test
  void aRejectedRecordTooLargeForADeadLetterIsDroppedAndTheShardGoesOn(KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("foreign-huge", 1);
    byte[] foreign = new byte[1_048_576 - 1 - 16]; // not our format: delivered raw, with properties
    putRaw(endpoint, stream, "k", foreign);
    try (KinesisBroker broker = ProviderTests.connect(withDeadLetterQueue(endpoint))) {
      MessageQueue q = broker.queue(stream);
      q.push(Envelope.of("after it"));
      Envelope big = ProviderTests.receive(q, 1).get(0);
      assertThat(big.bodySize()).isEqualTo(foreign.length);
      q.reject(big, false, "the application refuses it");
      assertThat(ProviderTests.receiveAndAck(q, 1).get(0).bodyAsString()).isEqualTo("after it");
      ProviderTests.assertNothingMore(q);
      ProviderTests.assertNothingMore(broker.queue(stream + "-dlq"));
    }
  }

  @Test
  void aCorruptRecordGoesToTheDeadLetterQueueWithTheReason(KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("corrupt-dlq", 1);
    byte[] corrupt = corruptRecordOfOurFormat();
    putRaw(endpoint, stream, "k", corrupt);
    try (KinesisBroker broker = ProviderTests.connect(withDeadLetterQueue(endpoint))) {
      MessageQueue q = broker.queue(stream);
      q.push(Envelope.of("good"));
      assertThat(ProviderTests.receiveAndAck(q, 1).get(0).bodyAsString()).isEqualTo("good");
      ProviderTests.assertNothingMore(q);
      MessageQueue dlq = broker.queue(stream + "-dlq");
      Envelope dead = ProviderTests.receiveAndAck(dlq, 1).get(0);
      assertThat(dead.body()).isEqualTo(corrupt);
      assertThat(dead.property(DeadLetters.REASON).orElseThrow()).contains("corrupt");
      assertThat(dead.property(DeadLetters.SOURCE_QUEUE)).contains(stream);
      assertThat(dead.property("mq.kinesis.sequence-number")).isPresent();
    }
  }

  @Test
  void aFailedDeadLetterWriteLeavesTheMessageInFlight(KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("dlq-fails", 1);
    FaultInjector faults = new FaultInjector();
    try (KinesisBroker broker = ProviderTests.connect(withDeadLetterQueue(endpoint), faults)) {
      MessageQueue q = broker.queue(stream);
      MessageQueue other = broker.queue(stream);
      MessageQueue dlq = broker.queue(stream + "-dlq");
      q.push(Envelope.builder().partitionKey("k").body("poison").build());
      Envelope e = ProviderTests.receive(q, 1).get(0);
      faults.failWhen(c -> isWriteTo(c, stream + "-dlq"),
          c -> new IllegalStateException("injected: dead-letter stream unavailable"));
      assertThatThrownBy(() -> q.reject(e, false, "bad order"))
          .isInstanceOf(MessagingException.class).hasMessageContaining("stays unacknowledged");
      ProviderTests.assertNothingMore(other);
      faults.stop();
      q.reject(e, false, "bad order");
      Envelope dead = ProviderTests.receiveAndAck(dlq, 1).get(0);
      assertThat(dead.messageId()).isEqualTo(e.messageId());
      assertThat(dead.property(DeadLetters.REASON)).contains("bad order");
      ProviderTests.assertNothingMore(q);
    }
  }

  private static boolean isWriteTo(FaultInjector.Call c, String stream) {
    if (c.request() instanceof PutRecordRequest p) {
      return stream.equals(p.streamName());
    }
    return c.request() instanceof PutRecordsRequest p && stream.equals(p.streamName());
  }
}
