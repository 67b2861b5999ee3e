package dev.mq.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mq.Broker;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.spi.Deliveries;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeliveryTagTest {

  private final Broker broker = Brokers.connect();
  private final String name = Brokers.uniqueName("tags");
  private final MessageQueue q = broker.queue(name);
  private final MessageQueue other = broker.queue(name);

  @AfterEach
  void close() {
    broker.close();
  }

  @Test
  void tagsNameTheInstanceAndASequence() {
    q.push(Envelope.of("x"));
    String tag = q.dequeue().orElseThrow().deliveryTag().orElseThrow();
    assertThat(tag).matches("inmemory:[0-9a-f]{12}-[0-9]+:1");
  }

  @Test
  void settlingTwiceIsANoOp() {
    q.push(Envelope.of("x"));
    Envelope e = q.dequeue().orElseThrow();
    q.acknowledge(e);
    q.acknowledge(e);
    q.reject(e, true, "late");
    assertThat(q.dequeue()).isEmpty();
  }

  @Test
  void foreignTagsAreIllegalArgumentsAndChangeNothing() {
    q.push(Envelope.of("x"));
    Envelope held = other.dequeue().orElseThrow();
    String tag = held.deliveryTag().orElseThrow();
    String prefix = tag.substring(0, tag.lastIndexOf(':') + 1);
    for (Envelope bad : new Envelope[] {
        Envelope.of("never delivered"),
        held, // another instance's delivery
        Deliveries.deliver(held, 1, prefix + "99"),
        Deliveries.deliver(held, 1, "nonsense"),
        held.toBuilder().build()}) {
      assertThatThrownBy(() -> q.acknowledge(bad)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> q.reject(bad)).isInstanceOf(IllegalArgumentException.class);
    }
    // A tag this instance did issue, with a different message, is not accepted either.
    q.push(Envelope.of("y"));
    Envelope mine = q.dequeue().orElseThrow();
    Envelope forged = Deliveries.deliver(Envelope.of("y"), 1, mine.deliveryTag().orElseThrow());
    assertThatThrownBy(() -> q.acknowledge(forged)).isInstanceOf(IllegalArgumentException.class);
    // Nothing changed: the other instance still holds its message, q still holds its own.
    other.acknowledge(held);
    q.acknowledge(mine);
    assertThat(q.dequeue()).isEmpty();
  }

  @Test
  void repushingADeliveredEnvelopeStartsAFreshDelivery() {
    q.push(Envelope.of("x"));
    Envelope e = q.dequeue().orElseThrow();
    q.push(e);
    q.acknowledge(e);
    Envelope copy = q.dequeue().orElseThrow();
    assertThat(copy.messageId()).isEqualTo(e.messageId());
    assertThat(copy.deliveryAttempt()).isEqualTo(1);
  }

  @Test
  void nullEnvelopesAreNullPointerExceptions() {
    assertThatThrownBy(() -> q.acknowledge(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> q.reject(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> q.push(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> q.pushAll(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> q.pushAll(java.util.Arrays.asList(Envelope.of("a"), null)))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("index 1");
    assertThat(q.dequeue()).isEmpty();
  }
}
