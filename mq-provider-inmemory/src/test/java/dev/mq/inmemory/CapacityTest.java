package dev.mq.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mq.BatchPushException;
import dev.mq.Broker;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.MessagingException;
import dev.mq.QueueFullException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class CapacityTest {

  @Test
  void fullQueueFailsAtOnceNamingQueueAndCapacity() {
    String name = Brokers.uniqueName("full");
    try (Broker broker = Brokers.connect("mq.inmemory.capacity", "2");
        MessageQueue q = broker.queue(name)) {
      q.push(Envelope.of("1"));
      q.push(Envelope.of("2"));
      assertThatThrownBy(() -> q.push(Envelope.of("3")))
          .isInstanceOf(QueueFullException.class)
          .hasMessageContaining(name)
          .hasMessageContaining("2 messages");
      assertThat(drain(q)).containsExactly("1", "2");
    }
  }

  @Test
  void explicitZeroPushTimeoutFailsAtOnce() {
    try (Broker broker = Brokers.connect("mq.inmemory.capacity", "1", "mq.inmemory.push-timeout", "0s");
        MessageQueue q = broker.queue(Brokers.uniqueName("q"))) {
      q.push(Envelope.of("1"));
      assertThatThrownBy(() -> q.push(Envelope.of("2")))
          .isInstanceOf(QueueFullException.class)
          .hasMessageNotContaining("no space was freed within");
    }
  }

  @Test
  void inFlightMessagesCountUntilSettled() {
    try (Broker broker = Brokers.connect("mq.inmemory.capacity", "1");
        MessageQueue q = broker.queue(Brokers.uniqueName("q"))) {
      q.push(Envelope.of("1"));
      Envelope held = q.dequeue().orElseThrow();
      assertThatThrownBy(() -> q.push(Envelope.of("2"))).isInstanceOf(QueueFullException.class);
      q.acknowledge(held);
      q.push(Envelope.of("2"));
      assertThat(q.dequeue().orElseThrow().bodyAsString()).isEqualTo("2");
    }
  }

  @Test
  void pushWaitsForSpaceUpToThePushTimeout() throws Exception {
    try (Broker broker = Brokers.connect("mq.inmemory.capacity", "1", "mq.inmemory.push-timeout", "30s");
        MessageQueue q = broker.queue(Brokers.uniqueName("q"))) {
      q.push(Envelope.of("1"));
      CountDownLatch started = new CountDownLatch(1);
      CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
        started.countDown();
        q.push(Envelope.of("2"));
      });
      started.await();
      // Quiet period: the push must still be waiting while the queue is full.
      Thread.sleep(200);
      assertThat(blocked).isNotDone();
      q.acknowledge(q.dequeue().orElseThrow());
      blocked.get(30, TimeUnit.SECONDS);
      assertThat(q.dequeue().orElseThrow().bodyAsString()).isEqualTo("2");
    }
  }

  @Test
  void pushTimeoutExpiresWithQueueFullException() {
    try (Broker broker = Brokers.connect("mq.inmemory.capacity", "1", "mq.inmemory.push-timeout", "100ms");
        MessageQueue q = broker.queue(Brokers.uniqueName("q"))) {
      q.push(Envelope.of("1"));
      assertThatThrownBy(() -> q.push(Envelope.of("2")))
          .isInstanceOf(QueueFullException.class)
          .hasMessageContaining("PT0.1S");
      assertThat(drain(q)).containsExactly("1");
    }
  }

  @Test
  void interruptedWaitingPushWritesNothingAndKeepsTheFlag() throws Exception {
    try (Broker broker = Brokers.connect("mq.inmemory.capacity", "1", "mq.inmemory.push-timeout", "30s");
        MessageQueue q = broker.queue(Brokers.uniqueName("q"))) {
      q.push(Envelope.of("1"));
      CompletableFuture<Throwable> outcome = new CompletableFuture<>();
      Thread pusher = new Thread(() -> {
        try {
          q.push(Envelope.of("2"));
          outcome.complete(null);
        } catch (RuntimeException e) {
          outcome.complete(Thread.currentThread().isInterrupted() ? e : new AssertionError("flag lost"));
        }
      });
      pusher.start();
      Thread.sleep(100);
      pusher.interrupt();
      assertThat(outcome.get(30, TimeUnit.SECONDS))
          .isInstanceOf(MessagingException.class).hasMessageContaining("interrupted");
      assertThat(drain(q)).containsExactly("1");
    }
  }

  @Test
  void batchIsAllOrNothing() {
    try (Broker broker = Brokers.connect("mq.inmemory.capacity", "3");
        MessageQueue q = broker.queue(Brokers.uniqueName("q"))) {
      q.push(Envelope.of("0"));
      List<Envelope> batch = List.of(Envelope.of("a"), Envelope.of("b"), Envelope.of("c"));
      assertThatThrownBy(() -> q.pushAll(batch))
          .isInstanceOfSatisfying(BatchPushException.class, e -> {
            assertThat(e.notWritten()).containsExactlyElementsOf(batch);
            assertThat(e.getCause()).isInstanceOf(QueueFullException.class);
          });
      q.pushAll(batch.subList(0, 2));
      assertThat(drain(q)).containsExactly("0", "a", "b");
    }
  }

  @Test
  void batchLargerThanCapacityFailsAtOnceEvenWithATimeout() {
    try (Broker broker = Brokers.connect("mq.inmemory.capacity", "2", "mq.inmemory.push-timeout", "1h");
        MessageQueue q = broker.queue(Brokers.uniqueName("q"))) {
      assertThatThrownBy(() -> q.pushAll(List.of(Envelope.of("a"), Envelope.of("b"), Envelope.of("c"))))
          .isInstanceOf(BatchPushException.class)
          .hasMessageContaining("can never fit");
      assertThat(q.dequeue()).isEmpty();
    }
  }

  @Test
  void capacityIsPerGroupAndAFullGroupBlocksThePushForAll() {
    String name = Brokers.uniqueName("q");
    try (Broker broker = Brokers.connect("mq.inmemory.capacity", "1");
        MessageQueue a = broker.queue(name, "a");
        MessageQueue b = broker.queue(name, "b")) {
      a.push(Envelope.of("1"));
      a.acknowledge(a.dequeue().orElseThrow()); // group a has room, b and default do not
      assertThatThrownBy(() -> a.push(Envelope.of("2")))
          .isInstanceOf(QueueFullException.class)
          .hasMessageContaining("consumer group");
      assertThat(a.dequeue()).isEmpty();
      assertThat(drain(b)).containsExactly("1");
    }
  }

  private static List<String> drain(MessageQueue q) {
    List<String> bodies = new java.util.ArrayList<>();
    for (Optional<Envelope> e = q.dequeue(); e.isPresent(); e = q.dequeue()) {
      bodies.add(e.get().bodyAsString());
      q.acknowledge(e.get());
    }
    return bodies;
  }

  @Test
  void waitingPushIsWokenBySpaceInEveryGroup() throws Exception {
    String name = Brokers.uniqueName("q");
    try (Broker broker = Brokers.connect("mq.inmemory.capacity", "1", "mq.inmemory.push-timeout", "30s");
        MessageQueue a = broker.queue(name, "a");
        MessageQueue b = broker.queue(name, "b");
        MessageQueue d = broker.queue(name)) {
      a.push(Envelope.of("1"));
      CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> a.push(Envelope.of("2")));
      for (MessageQueue q : List.of(b, a, d)) {
        Thread.sleep(50);
        q.acknowledge(q.dequeue(Duration.ofSeconds(30)).orElseThrow());
      }
      blocked.get(30, TimeUnit.SECONDS);
      for (MessageQueue q : List.of(a, b, d)) {
        assertThat(q.dequeue().orElseThrow().bodyAsString()).isEqualTo("2");
      }
    }
  }
}
