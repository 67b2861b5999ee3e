package dev.mq.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mq.Broker;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.spi.AcknowledgeAndDequeue;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The one-step acknowledge-then-dequeue that subscriptions use on this provider. */
@Timeout(60)
class AcknowledgeAndDequeueTest {

  private final Broker broker = Brokers.connect();
  private final String name = Brokers.uniqueName("ackdeq");
  private final MessageQueue q = broker.queue(name);
  private final AcknowledgeAndDequeue combined = (AcknowledgeAndDequeue) q;

  @AfterEach
  void close() {
    broker.close();
  }

  @Test
  void acknowledgesThenReturnsTheNextMessageOfTheSameKey() {
    q.push(Envelope.builder().body("1").partitionKey("k").build());
    q.push(Envelope.builder().body("2").partitionKey("k").build());
    Envelope first = q.dequeue().orElseThrow();
    assertThat(q.dequeue()).as("the key's second message waits for the first").isEmpty();
    Envelope second = combined.acknowledgeAndDequeue(first, Duration.ZERO).orElseThrow();
    assertThat(second.bodyAsString()).isEqualTo("2");
    assertThat(second.deliveryAttempt()).isEqualTo(1);
    assertThat(combined.acknowledgeAndDequeue(second, Duration.ZERO)).isEmpty();
    // Both are settled for good: acknowledging again is a no-op, and nothing comes back.
    q.acknowledge(first);
    q.acknowledge(second);
    q.close();
    try (MessageQueue again = broker.queue(name)) {
      assertThat(again.dequeue()).isEmpty();
    }
  }

  @Test
  void waitsForTheNextMessageAfterAcknowledging() throws Exception {
    q.push(Envelope.of("a"));
    Envelope a = q.dequeue().orElseThrow();
    Thread pusher = new Thread(() -> {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        return;
      }
      q.push(Envelope.of("b"));
    });
    pusher.start();
    Optional<Envelope> b = combined.acknowledgeAndDequeue(a, Duration.ofSeconds(30));
    pusher.join();
    assertThat(b).map(Envelope::bodyAsString).contains("b");
  }

  @Test
  void aForeignEnvelopeFailsAndNothingIsDequeued() {
    q.push(Envelope.of("x"));
    assertThatThrownBy(() -> combined.acknowledgeAndDequeue(Envelope.of("never delivered"), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(q.dequeue()).map(Envelope::bodyAsString).contains("x");
  }

  @Test
  void badArgumentsFailAndChangeNothing() {
    q.push(Envelope.of("x"));
    Envelope x = q.dequeue().orElseThrow();
    assertThatThrownBy(() -> combined.acknowledgeAndDequeue(null, Duration.ZERO))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> combined.acknowledgeAndDequeue(x, null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> combined.acknowledgeAndDequeue(x, Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    // x is still in flight: closing the instance gives it back with its attempt raised.
    q.close();
    try (MessageQueue again = broker.queue(name)) {
      assertThat(again.dequeue()).map(Envelope::deliveryAttempt).contains(2);
    }
  }

  @Test
  void onAClosedInstanceItIsIllegalState() {
    q.push(Envelope.of("x"));
    Envelope x = q.dequeue().orElseThrow();
    q.close();
    assertThatThrownBy(() -> combined.acknowledgeAndDequeue(x, Duration.ZERO))
        .isInstanceOf(IllegalStateException.class);
  }
}
