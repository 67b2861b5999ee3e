package dev.mq.kinesis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mq.BatchPushException;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.MessageTooLargeException;
import dev.mq.MessagingException;
import dev.mq.kinesis.testing.KinesisEndpoint;
import dev.mq.kinesis.testing.KinesisEndpointExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
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
      faults.failWhen(c -> c.request() instanceof PutRecordsRequest,
          c -> new IllegalStateException("injected: stream unavailable"));
      assertThatThrownBy(() -> q.push(Envelope.of("lost?"))).isInstanceOf(MessagingException.class);
      List<Envelope> batch = List.of(Envelope.of("a"), Envelope.of("b"));
      assertThatThrownBy(() -> q.pushAll(batch))
          .isInstanceOfSatisfying(BatchPushException.class,
              e -> assertThat(e.notWritten()).containsExactlyInAnyOrderElementsOf(batch));
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
            assertThat(e.limit()).isEqualTo(1_048_576);
            assertThat(e.size()).isGreaterThan(1_048_576);
            assertThat(e.getMessage()).contains(Long.toString(e.size()), "1048576");
          });
      ProviderTests.assertNothingMore(q);
    }
  }
}
