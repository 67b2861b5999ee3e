package dev.mq.sqs.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mq.Broker;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.MessagingException;
import dev.mq.PushOutcomeUnknownException;
import dev.mq.sqs.faults.FaultyHttpClient.Fault;
import dev.mq.sqs.faults.FaultyHttpClient.Kind;
import dev.mq.sqs.testing.SqsTests;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Throttling and 5xx answers (injected by {@link FaultyHttpClient}) are retried with back-off
 * and jitter; what still fails is reported, never dropped, and says whether the message may have
 * been written.
 */
class BrokerErrorsTest {

  private final AtomicReference<FaultyHttpClient> http = new AtomicReference<>();

  private Broker connect(String... overrides) {
    return FaultyHttpClient.connect(http, overrides);
  }

  @Test
  void throttledPushesAreRetriedAndWrittenOnce() {
    String name = SqsTests.uniqueName();
    try (Broker broker = connect(); MessageQueue q = broker.queue(name)) {
      Fault f = http.get().on("SendMessage", Kind.THROTTLED).failNext(3);
      q.push(Envelope.of("through"));
      assertThat(f.injected()).isEqualTo(3);
      assertThat(f.attempts()).isEqualTo(4);
      Envelope e = q.dequeue(Duration.ofSeconds(10)).orElseThrow();
      assertThat(e.bodyAsString()).isEqualTo("through");
      q.acknowledge(e);
      assertThat(q.dequeue(Duration.ofMillis(500))).isEmpty();
    }
  }

  @Test
  void serverErrorsOnEveryAttemptMakeTheOutcomeUnknown() {
    String name = SqsTests.uniqueName();
    try (Broker broker = connect("mq.sqs.request-attempts", "3"); MessageQueue q = broker.queue(name)) {
      Fault f = http.get().on("SendMessage", Kind.SERVER_ERROR).failNext(100);
      assertThatThrownBy(() -> q.push(Envelope.of("lost?"))).isInstanceOf(PushOutcomeUnknownException.class);
      assertThat(f.attempts()).isEqualTo(3);
    }
  }

  @Test
  void throttlingOnEveryAttemptIsNotWritten() {
    String name = SqsTests.uniqueName();
    try (Broker broker = connect("mq.sqs.request-attempts", "2"); MessageQueue q = broker.queue(name)) {
      Fault f = http.get().on("SendMessage", Kind.THROTTLED).failNext(100);
      assertThatThrownBy(() -> q.push(Envelope.of("refused")))
          .isInstanceOf(MessagingException.class)
          .isNotInstanceOf(PushOutcomeUnknownException.class)
          .hasMessageContaining("Rate exceeded");
      assertThat(f.attempts()).isEqualTo(2);
      assertThat(q.dequeue(Duration.ofMillis(500))).isEmpty();
    }
  }

  @Test
  void receiveAndDeleteSurviveServerErrorsAndThrottling() {
    String name = SqsTests.uniqueName();
    try (Broker broker = connect(); MessageQueue q = broker.queue(name)) {
      q.push(Envelope.of("m"));
      Fault receive = http.get().on("ReceiveMessage", Kind.SERVER_ERROR).failNext(2);
      Fault delete = http.get().on("DeleteMessageBatch", Kind.THROTTLED).failNext(2);
      Envelope e = q.dequeue(Duration.ofSeconds(10)).orElseThrow();
      assertThat(receive.injected()).isEqualTo(2);
      q.acknowledge(e);
      assertThat(delete.injected()).isEqualTo(2);
      assertThat(q.dequeue(Duration.ofSeconds(2))).isEmpty();
    }
  }

  @Test
  void throttledBatchesAreRetriedAndNothingIsLostOrDuplicated() {
    String name = SqsTests.uniqueName();
    try (Broker broker = connect(); MessageQueue q = broker.queue(name)) {
      List<Envelope> batch = new ArrayList<>();
      for (int i = 0; i < 25; i++) {
        batch.add(Envelope.of("b" + i));
      }
      Fault f = http.get().on("SendMessageBatch", Kind.THROTTLED).failNext(2);
      q.pushAll(batch);
      assertThat(f.injected()).isEqualTo(2);
      Set<String> seen = new HashSet<>();
      long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (seen.size() < 25 && System.nanoTime() < end) {
        for (Envelope e : q.dequeue(10, Duration.ofSeconds(1))) {
          assertThat(seen.add(e.bodyAsString())).as("delivered twice: %s", e.bodyAsString()).isTrue();
          q.acknowledge(e);
        }
      }
      assertThat(seen).hasSize(25);
    }
  }

  @Test
  void batchFailingOnEveryAttemptListsEveryEnvelopeAndStopsLaterBatches() {
    String name = SqsTests.uniqueName();
    try (Broker broker = connect("mq.sqs.request-attempts", "2"); MessageQueue q = broker.queue(name)) {
      List<Envelope> batch = new ArrayList<>();
      for (int i = 0; i < 15; i++) {
        batch.add(Envelope.of("b" + i));
      }
      http.get().on("SendMessageBatch", Kind.SERVER_ERROR).failNext(2);
      assertThatThrownBy(() -> q.pushAll(batch))
          .isInstanceOfSatisfying(dev.mq.BatchPushException.class, ex -> {
            assertThat(ex.maybeWritten()).containsExactlyElementsOf(batch.subList(0, 10));
            assertThat(ex.notWritten()).containsExactlyElementsOf(batch.subList(10, 15));
          });
      assertThat(q.dequeue(Duration.ofMillis(500))).isEmpty();
    }
  }
}
