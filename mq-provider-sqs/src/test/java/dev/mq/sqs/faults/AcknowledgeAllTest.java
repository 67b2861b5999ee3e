package dev.mq.sqs.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mq.Broker;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.MessagingException;
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

/** {@code acknowledgeAll} deletes ten messages per DeleteMessageBatch call and reports failures. */
class AcknowledgeAllTest {

  private final AtomicReference<FaultyHttpClient> http = new AtomicReference<>();

  private Broker connect(String... overrides) {
    return FaultyHttpClient.connect(http, overrides);
  }

  private static List<Envelope> receive(MessageQueue q, int n) {
    List<Envelope> got = new ArrayList<>();
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (got.size() < n && System.nanoTime() < end) {
      got.addAll(q.dequeue(n - got.size(), Duration.ofSeconds(1)));
    }
    assertThat(got).as("messages received").hasSize(n);
    return got;
  }

  @Test
  void twentyFiveAcknowledgementsAreThreeDeleteCalls() {
    String name = SqsTests.uniqueName();
    try (Broker broker = connect(); MessageQueue q = broker.queue(name)) {
      for (int i = 0; i < 25; i++) {
        q.push(Envelope.of("m" + i));
      }
      List<Envelope> held = receive(q, 25);
      Fault deletes = http.get().on("DeleteMessageBatch", Kind.THROTTLED);
      q.acknowledgeAll(held);
      assertThat(deletes.attempts()).as("DeleteMessageBatch calls for 25 acknowledgements").isEqualTo(3);
      assertThat(q.dequeue(Duration.ofSeconds(2))).as("all 25 deleted").isEmpty();
    }
  }

  @Test
  void failedDeletesAreReportedAndTheMessagesComeBack() {
    String name = SqsTests.uniqueName();
    try (Broker broker = connect("mq.sqs.request-attempts", "2", "mq.sqs.visibility-timeout", "2s");
        MessageQueue q = broker.queue(name)) {
      for (int i = 0; i < 3; i++) {
        q.push(Envelope.of("m" + i));
      }
      List<Envelope> held = receive(q, 3);
      http.get().on("DeleteMessageBatch", Kind.SERVER_ERROR).failNext(2);
      assertThatThrownBy(() -> q.acknowledgeAll(held)).isInstanceOf(MessagingException.class)
          .hasMessageContaining("could not acknowledge 3 of 3 messages");
      Set<String> back = new HashSet<>();
      for (Envelope e : receive(q, 3)) {
        assertThat(e.deliveryAttempt()).isEqualTo(2);
        back.add(e.bodyAsString());
        q.acknowledge(e);
      }
      assertThat(back).as("every message whose delete failed came back").containsExactlyInAnyOrder("m0", "m1", "m2");
    }
  }
}
