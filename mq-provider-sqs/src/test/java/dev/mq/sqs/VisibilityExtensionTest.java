package dev.mq.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.Broker;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.spi.BrokerInsight;
import dev.mq.sqs.testing.SqsTests;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * SPEC 3.4 for slow handlers: while an instance holds a message, its visibility is extended, so
 * that another instance does not receive it, up to {@code mq.sqs.max-hold-time}; the broker
 * reports what it held and extended to monitoring ({@link BrokerInsight}).
 */
class VisibilityExtensionTest {

  @Test
  void heldMessageStaysInvisibleFarBeyondTheVisibilityTimeout() {
    String name = SqsTests.uniqueName();
    try (Broker broker = SqsTests.connect("mq.sqs.visibility-timeout", "1s");
        MessageQueue holder = broker.queue(name); MessageQueue other = broker.queue(name)) {
      holder.push(Envelope.of("slow"));
      Envelope e = holder.dequeue(Duration.ofSeconds(10)).orElseThrow();
      // six visibility timeouts of polling by another instance: it must never get the message
      long end = System.nanoTime() + Duration.ofSeconds(6).toNanos();
      while (System.nanoTime() < end) {
        Optional<Envelope> stolen = other.dequeue(Duration.ofMillis(500));
        assertThat(stolen).as("delivered to a second instance while held").isEmpty();
      }
      assertThat(reading(broker, "mq.sqs.held.messages", name)).as("held while unacknowledged").isEqualTo(1);
      assertThat(reading(broker, "mq.sqs.visibility.extensions", name)).as("extensions reported")
          .isGreaterThanOrEqualTo(4);
      holder.acknowledge(e);
      assertThat(other.dequeue(Duration.ofSeconds(2))).isEmpty();
      assertThat(reading(broker, "mq.sqs.held.messages", name)).as("held after the acknowledgement").isZero();
    }
  }

  @Test
  void extensionStopsAtTheMaximumHoldTime() {
    String name = SqsTests.uniqueName();
    try (Broker broker = SqsTests.connect("mq.sqs.visibility-timeout", "1s", "mq.sqs.max-hold-time", "2s");
        MessageQueue holder = broker.queue(name); MessageQueue other = broker.queue(name)) {
      holder.push(Envelope.of("stuck"));
      Envelope e = holder.dequeue(Duration.ofSeconds(10)).orElseThrow();
      Envelope again = other.dequeue(Duration.ofSeconds(20)).orElseThrow();
      assertThat(again.messageId()).isEqualTo(e.messageId());
      assertThat(again.deliveryAttempt()).isEqualTo(2);
      assertThat(reading(broker, "mq.sqs.visibility.hold_limit_reached", name)).isEqualTo(1);
      other.acknowledge(again);
    }
  }

  /** The broker's monitoring reading {@code name} for queue {@code queue}. */
  private static double reading(Broker broker, String name, String queue) {
    return ((BrokerInsight) broker).readings().stream()
        .filter(r -> r.name().equals(name) && queue.equals(r.attributes().get(BrokerInsight.QUEUE)))
        .mapToDouble(BrokerInsight.Reading::value).findFirst()
        .orElseThrow(() -> new AssertionError("no reading " + name + " for " + queue));
  }
}
