package dev.mq.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mq.Broker;
import dev.mq.DeadLetters;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.QueueFullException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

  @Test
  void withoutDeadLetterQueueTheDropIsLoggedAtWarnWithTheDetails() {
    String name = Brokers.uniqueName("drop");
    String log = captureStandardError(() -> {
      try (Broker broker = Brokers.connect("mq.max-delivery-attempts", "2");
          MessageQueue q = broker.queue(name, "billing")) {
        q.push(Envelope.builder().messageId("msg-42").body("x").build());
        q.reject(q.dequeue().orElseThrow(), true, "first failure");
        q.reject(q.dequeue().orElseThrow(), true, "bad total");
        assertThat(q.dequeue()).isEmpty();
      }
    });
    assertThat(log).contains("WARN").contains(name).contains("billing").contains("msg-42")
        .contains("2 delivery attempts").contains("bad total");
  }

  @Test
  void rejectWithoutRequeueAndWithoutReasonIsLoggedToo() {
    String name = Brokers.uniqueName("drop");
    String log = captureStandardError(() -> {
      try (Broker broker = Brokers.connect(); MessageQueue q = broker.queue(name)) {
        q.push(Envelope.builder().messageId("msg-7").body("x").build());
        q.reject(q.dequeue().orElseThrow(), false, null);
      }
    });
    assertThat(log).contains("WARN").contains(name).contains("msg-7").contains("rejected");
  }

  @Test
  void fullDeadLetterQueueFailsTheRejectAndKeepsTheMessageInFlight() {
    String name = Brokers.uniqueName("src");
    try (Broker broker = Brokers.connect("mq.dead-letter-queue", "{queue}-dlq", "mq.inmemory.capacity", "1");
        MessageQueue dlq = broker.queue(name + "-dlq");
        MessageQueue q = broker.queue(name)) {
      dlq.push(Envelope.of("filler"));
      q.push(Envelope.of("poison"));
      Envelope held = q.dequeue().orElseThrow();
      assertThatThrownBy(() -> q.reject(held, false, "bad"))
          .isInstanceOf(QueueFullException.class).hasMessageContaining(name + "-dlq");
      // Still held by q: no one else gets it, and it can be dead-lettered once there is room.
      try (MessageQueue other = broker.queue(name)) {
        assertThat(other.dequeue()).isEmpty();
      }
      dlq.acknowledge(dlq.dequeue().orElseThrow());
      q.reject(held, false, "bad");
      Envelope dead = dlq.dequeue().orElseThrow();
      assertThat(dead.bodyAsString()).isEqualTo("poison");
      assertThat(dead.property(DeadLetters.REASON)).contains("bad");
      assertThat(q.dequeue()).isEmpty();
    }
  }

  @Test
  void exhaustedMessageWithoutReasonNamesTheLimit() {
    String name = Brokers.uniqueName("src");
    try (Broker broker = Brokers.connect("mq.dead-letter-queue", "dead.letters", "mq.max-delivery-attempts", "1");
        MessageQueue dlq = broker.queue("dead.letters");
        MessageQueue q = broker.queue(name)) {
      q.push(Envelope.of("x"));
      q.reject(q.dequeue().orElseThrow());
      Envelope dead = dlq.dequeue().orElseThrow();
      assertThat(dead.property(DeadLetters.REASON).orElseThrow()).contains("limit of 1 delivery attempts");
      assertThat(dead.property(DeadLetters.DELIVERY_ATTEMPTS)).contains("1");
      assertThat(dead.deliveryAttempt()).isEqualTo(1);
    }
  }

  @Test
  void longReasonsAreShortened() {
    String name = Brokers.uniqueName("src");
    try (Broker broker = Brokers.connect("mq.dead-letter-queue", "{queue}.dlq");
        MessageQueue dlq = broker.queue(name + ".dlq");
        MessageQueue q = broker.queue(name)) {
      q.push(Envelope.of("x"));
      q.reject(q.dequeue().orElseThrow(), false, "r".repeat(100_000));
      String reason = dlq.dequeue().orElseThrow().property(DeadLetters.REASON).orElseThrow();
      assertThat(reason).hasSizeLessThan(1100).startsWith("rrrr").endsWith("...");
    }
  }

  private static String captureStandardError(Runnable action) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
