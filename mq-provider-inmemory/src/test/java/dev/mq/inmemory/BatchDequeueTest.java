package dev.mq.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mq.Broker;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Batch dequeue and acknowledgeAll. */
@Timeout(60)
class BatchDequeueTest {

  private final Broker broker = Brokers.connect();
  private final String name = Brokers.uniqueName("batch");
  private final MessageQueue q = broker.queue(name);

  @AfterEach
  void close() {
    broker.close();
  }

  @Test
  void aBatchHoldsOneMessageOfEachKeyAndTheUnkeyedOnesInOrder() {
    for (int i = 0; i < 3; i++) {
      q.push(Envelope.builder().body("k" + i).partitionKey("k").build());
    }
    q.push(Envelope.of("u1"));
    q.push(Envelope.of("u2"));
    List<Envelope> batch = q.dequeue(10, Duration.ZERO);
    assertThat(batch).extracting(Envelope::bodyAsString).containsExactly("k0", "u1", "u2");
    assertThat(q.dequeue(10, Duration.ZERO)).as("k1 waits for k0").isEmpty();
    q.acknowledge(batch.get(0));
    assertThat(q.dequeue(10, Duration.ZERO)).extracting(Envelope::bodyAsString).containsExactly("k1");
  }

  @Test
  void takesAtMostMaxMessagesAndMoreThanTheSubscriptionBatch() {
    for (int i = 0; i < 40; i++) {
      q.push(Envelope.of("m" + i));
    }
    assertThat(q.dequeue(3, Duration.ZERO)).hasSize(3);
    List<Envelope> rest = q.dequeue(100, Duration.ZERO);
    assertThat(rest).hasSize(37);
    assertThat(rest).extracting(Envelope::deliveryTag).doesNotHaveDuplicates();
  }

  @Test
  void acknowledgeAllFreesEachKeyForItsNextMessage() {
    q.push(Envelope.builder().body("a1").partitionKey("a").build());
    q.push(Envelope.builder().body("b1").partitionKey("b").build());
    q.push(Envelope.builder().body("a2").partitionKey("a").build());
    q.push(Envelope.builder().body("b2").partitionKey("b").build());
    List<Envelope> first = q.dequeue(10, Duration.ZERO);
    assertThat(first).extracting(Envelope::bodyAsString).containsExactly("a1", "b1");
    q.acknowledgeAll(first);
    List<Envelope> second = q.dequeue(10, Duration.ZERO);
    assertThat(second).extracting(Envelope::bodyAsString).containsExactly("a2", "b2");
    assertThat(second).allSatisfy(e -> assertThat(e.deliveryAttempt()).isEqualTo(1));
  }

  @Test
  void acknowledgeAllWithAForeignEnvelopeSettlesNone() {
    q.push(Envelope.of("x"));
    q.push(Envelope.of("y"));
    List<Envelope> held = q.dequeue(10, Duration.ZERO);
    assertThat(held).hasSize(2);
    List<Envelope> withForeign = List.of(held.get(0), Envelope.of("stranger"), held.get(1));
    assertThatThrownBy(() -> q.acknowledgeAll(withForeign)).isInstanceOf(IllegalArgumentException.class);
    q.close();
    try (MessageQueue reopened = broker.queue(name)) {
      assertThat(reopened.dequeue(10, Duration.ZERO)).as("both still held when the call was refused")
          .extracting(Envelope::bodyAsString).containsExactlyInAnyOrder("x", "y");
    }
  }

  @Test
  void aRejectedMessageOfABatchWaitsItsRetryDelayAndHoldsItsKey() {
    try (Broker slow = Brokers.connect("mq.retry.initial-delay", "10m")) {
      MessageQueue s = slow.queue(name + "-slow");
      s.push(Envelope.builder().body("k1").partitionKey("k").build());
      s.push(Envelope.builder().body("k2").partitionKey("k").build());
      s.push(Envelope.of("u"));
      List<Envelope> batch = s.dequeue(10, Duration.ZERO);
      assertThat(batch).extracting(Envelope::bodyAsString).containsExactly("k1", "u");
      s.reject(batch.get(0));
      assertThat(s.dequeue(10, Duration.ZERO)).as("k1 waits 10 minutes and k2 behind it").isEmpty();
    }
  }
}
