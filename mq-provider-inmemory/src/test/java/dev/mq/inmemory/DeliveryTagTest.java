package dev.mq.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mq.Broker;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
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
    assertThat(tag).matches("[0-9]+:1");
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
    String prefix = tag.substring(0, tag.indexOf(':') + 1);
    for (Envelope bad : new Envelope[] {
        Envelope.of("never delivered"),
        held, // another instance's delivery
        held.toBuilder().deliveryTag(prefix + "99").build(),
        held.toBuilder().deliveryTag("nonsense").build()}) {
      assertThatThrownBy(() -> q.acknowledge(bad)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> q.reject(bad)).isInstanceOf(IllegalArgumentException.class);
    }
    // A tag this instance did issue, with a different message, is not accepted either.
    q.push(Envelope.of("y"));
    Envelope mine = q.dequeue().orElseThrow();
    Envelope forged = Envelope.builder().body("y").deliveryTag(mine.deliveryTag().orElseThrow()).build();
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
