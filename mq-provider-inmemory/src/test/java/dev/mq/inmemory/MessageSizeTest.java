package dev.mq.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mq.Broker;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.MessageTooLargeException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MessageSizeTest {

  // Counted: body + id "m1" (2) + key "k" (1) + "p"/"é" (1 + 2) = body + 6
  private final Broker broker = Brokers.connect("mq.inmemory.max-message-size", "100");
  private final MessageQueue q = broker.queue(Brokers.uniqueName("size"));

  @AfterEach
  void close() {
    broker.close();
  }

  private static Envelope withBody(int bodyBytes) {
    return Envelope.builder().messageId("m1").partitionKey("k").property("p", "é")
        .body(new byte[bodyBytes]).build();
  }

  @Test
  void messageAtTheLimitIsAccepted() {
    q.push(withBody(94));
    assertThat(q.dequeue().orElseThrow().bodySize()).isEqualTo(94);
  }

  @Test
  void messageOverTheLimitStatesSizeAndLimitAndWritesNothing() {
    assertThatThrownBy(() -> q.push(withBody(95)))
        .isInstanceOfSatisfying(MessageTooLargeException.class, e -> {
          assertThat(e.size()).isEqualTo(101);
          assertThat(e.limit()).isEqualTo(100);
        })
        .hasMessageContaining("101").hasMessageContaining("100");
    assertThat(q.dequeue()).isEmpty();
  }

  @Test
  void supplementaryCharactersCountFourBytes() {
    Envelope e = Envelope.builder().messageId("m").property("emoji", "\uD83D\uDE00".repeat(24))
        .body(new byte[0]).build();
    // 1 + 5 + 96 = 102
    assertThatThrownBy(() -> q.push(e))
        .isInstanceOfSatisfying(MessageTooLargeException.class, ex -> assertThat(ex.size()).isEqualTo(102));
  }

  @Test
  void oneTooLargeMessageFailsTheWholeBatch() {
    List<Envelope> batch = List.of(Envelope.of("ok"), withBody(200), Envelope.of("ok too"));
    assertThatThrownBy(() -> q.pushAll(batch)).isInstanceOf(MessageTooLargeException.class);
    assertThat(q.dequeue()).isEmpty();
    q.push(Envelope.of("queue still works"));
    assertThat(q.dequeue()).isPresent();
  }
}
