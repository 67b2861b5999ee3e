package dev.mq.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.Broker;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.Subscription;
import dev.mq.SubscriptionOptions;
import dev.mq.spi.AcknowledgeAndDequeue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Batch dequeue, and what a batching subscription gives back when it stops. */
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
  void combinedCallAcknowledgesEachThenTakesTheNextOfTheirKeys() {
    q.push(Envelope.builder().body("a1").partitionKey("a").build());
    q.push(Envelope.builder().body("b1").partitionKey("b").build());
    q.push(Envelope.builder().body("a2").partitionKey("a").build());
    q.push(Envelope.builder().body("b2").partitionKey("b").build());
    List<Envelope> first = q.dequeue(10, Duration.ZERO);
    assertThat(first).extracting(Envelope::bodyAsString).containsExactly("a1", "b1");
    List<Envelope> second = ((AcknowledgeAndDequeue) q).acknowledgeAndDequeue(first, 10, Duration.ZERO);
    assertThat(second).extracting(Envelope::bodyAsString).containsExactly("a2", "b2");
    assertThat(second).allSatisfy(e -> assertThat(e.deliveryAttempt()).isEqualTo(1));
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

  /**
   * A subscription stopped with a fetched batch in hand: the messages no handler saw come back
   * at once, with the attempt they had (no attempt burnt), and the handled one is acknowledged.
   */
  @Test
  void closingASubscriptionGivesBackItsBatchWithoutCountingAnAttempt() throws Exception {
    List<String> bodies = List.of("a", "b", "c", "d", "e");
    for (String b : bodies) {
      q.push(Envelope.of(b));
    }
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch unblock = new CountDownLatch(1);
    List<String> handled = new ArrayList<>();
    Subscription sub = q.subscribe(e -> {
      synchronized (handled) {
        handled.add(e.bodyAsString());
      }
      inside.countDown();
      unblock.await();
    }, SubscriptionOptions.builder().concurrency(1).pollWait(Duration.ofMillis(50))
        .closeTimeout(Duration.ofSeconds(30)).build());
    assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(q.dequeue()).as("the subscription's first fetch took all five").isEmpty();
    Thread closer = new Thread(sub::close);
    closer.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (sub.isActive() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    unblock.countDown();
    closer.join(TimeUnit.SECONDS.toMillis(30));
    assertThat(closer.isAlive()).isFalse();
    assertThat(handled).containsExactly("a");

    List<Envelope> back = q.dequeue(10, Duration.ZERO);
    assertThat(back).as("the rest of the batch is deliverable again at once")
        .extracting(Envelope::bodyAsString).containsExactlyInAnyOrder("b", "c", "d", "e");
    assertThat(back).as("no handler saw them: their attempt is still 1")
        .allSatisfy(e -> assertThat(e.deliveryAttempt()).isEqualTo(1));
  }
}
