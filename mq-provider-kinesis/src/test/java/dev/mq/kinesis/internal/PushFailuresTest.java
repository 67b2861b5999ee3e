package dev.mq.kinesis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mq.BatchPushException;
import dev.mq.DeadLetters;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.MessageTooLargeException;
import dev.mq.MessagingException;
import dev.mq.kinesis.internal.codec.RecordCodec;
import dev.mq.kinesis.internal.producer.RecordProducer;
import dev.mq.kinesis.testing.KinesisEndpoint;
import dev.mq.kinesis.testing.KinesisEndpointExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;

/** Writes Kinesis refuses, and messages over the record limit. */
@ExtendWith(KinesisEndpointExtension.class)
class PushFailuresTest {

  @TempDir
  Path dir;

  private Map<String, String> config(KinesisEndpoint endpoint) {
    Map<String, String> c = ProviderTests.config(endpoint, dir);
    c.put("mq.kinesis.producer-max-retry-time", "300ms");
    c.put("mq.kinesis.producer-max-attempts", "2");
    return c;
  }

  @Test
  void aRefusedWriteThrowsAndNothingIsDelivered(KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("push-fails", 1);
    FaultInjector faults = new FaultInjector();
    try (KinesisBroker broker = ProviderTests.connect(config(endpoint), faults)) {
      MessageQueue q = broker.queue(stream);
      // a 4xx answer: Kinesis refused the request, so nothing of it was written
      faults.failWhen(c -> c.request() instanceof PutRecordsRequest,
          c -> KinesisException.builder().statusCode(403).message("injected: access denied")
              .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDeniedException")
                  .errorMessage("injected: access denied").build())
              .build());
      assertThatThrownBy(() -> q.push(Envelope.of("lost?"))).isInstanceOf(MessagingException.class);
      List<Envelope> batch = List.of(Envelope.of("a"), Envelope.of("b"));
      assertThatThrownBy(() -> q.pushAll(batch))
          .isInstanceOfSatisfying(BatchPushException.class,
              e -> {
                assertThat(e.notWritten()).containsExactlyInAnyOrderElementsOf(batch);
                assertThat(e.maybeWritten()).isEmpty();
              });
      faults.stop();
      q.push(Envelope.of("written"));
      assertThat(ProviderTests.receiveAndAck(q, 1).get(0).bodyAsString()).isEqualTo("written");
      ProviderTests.assertNothingMore(q);
    }
  }

  @Test
  void theLimitCountsTheEncodedRecordAndThePartitionKey(KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("too-large", 1);
    try (KinesisBroker broker = ProviderTests.connect(config(endpoint))) {
      MessageQueue q = broker.queue(stream);
      Envelope big = Envelope.builder().partitionKey("k".repeat(200)).body(new byte[1_048_576 - 150]).build();
      assertThatThrownBy(() -> q.pushAll(List.of(Envelope.of("small"), big)))
          .isInstanceOfSatisfying(MessageTooLargeException.class, e -> {
            assertThat(e.limit()).isEqualTo(1_048_576 - KinesisBroker.DEAD_LETTER_HEADROOM);
            assertThat(e.size()).isGreaterThan(1_048_576);
            assertThat(e.getMessage()).contains(Long.toString(e.size()), "1044480");
          });
      ProviderTests.assertNothingMore(q);
    }
  }

  @Test
  void theLargestMessagePushCanTakeCanStillBeDeadLetteredWithTheLongestReason(KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("largest-dl", 1);
    Map<String, String> c = config(endpoint);
    c.put("mq.dead-letter-queue", "{queue}-dlq");
    String group = "g".repeat(255); // the longest group name, written into the dead letter
    try (KinesisBroker broker = ProviderTests.connect(c)) {
      MessageQueue q = broker.queue(stream, group);
      MessageQueue dlq = broker.queue(stream + "-dlq");
      Envelope largest = ofSize(broker.maxMessageBytes(), "largest");
      assertThatThrownBy(() -> q.push(ofSize(broker.maxMessageBytes() + 1, "one-more")))
          .isInstanceOf(MessageTooLargeException.class);
      q.push(largest);
      Envelope got = ProviderTests.receive(q, 1).get(0);
      String reason = "\u20ac".repeat(DeadLetters.MAX_REASON_LENGTH); // the longest reason kept, 3 bytes a char
      q.reject(got, false, reason);
      Envelope dead = ProviderTests.receiveAndAck(dlq, 1).get(0);
      assertThat(dead.messageId()).isEqualTo(largest.messageId());
      assertThat(dead.body()).isEqualTo(largest.body());
      assertThat(dead.property(DeadLetters.REASON)).hasValueSatisfying(
          r -> assertThat(r).hasSize(DeadLetters.MAX_REASON_LENGTH));
      assertThat(dead.property(DeadLetters.SOURCE_GROUP)).contains(group);
      ProviderTests.assertNothingMore(q);
    }
  }

  /** A message whose record (encoding plus Kinesis partition key) is exactly {@code size} bytes. */
  private static Envelope ofSize(long size, String id) {
    Envelope empty = Envelope.builder().messageId(id).body(new byte[0]).build();
    long overhead = RecordCodec.encodedSize(empty)
        + RecordProducer.kinesisPartitionKey(empty).length();
    Envelope e = Envelope.builder().messageId(id).body(new byte[(int) (size - overhead)]).build();
    assertThat(RecordCodec.encodedSize(e) + id.length()).isEqualTo(size);
    return e;
  }
}
