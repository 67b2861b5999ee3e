package dev.mq.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.Envelope;
import dev.mq.MessageHandler;
import dev.mq.MessageQueue;
import dev.mq.Subscription;
import dev.mq.SubscriptionOptions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class PollingSubscriptionTest {

  /** Just enough of a queue to watch what the subscription does with it. */
  static final class RecordingQueue implements MessageQueue {
    final LinkedBlockingDeque<Envelope> ready = new LinkedBlockingDeque<>();
    final List<Envelope> acked = new CopyOnWriteArrayList<>();
    final List<String> rejectReasons = new CopyOnWriteArrayList<>();
    volatile boolean closed;

    @Override public String name() { return "q"; }
    @Override public String consumerGroup() { return "g"; }
    @Override public void push(Envelope e) { ready.add(e); }
    @Override public void pushAll(List<Envelope> es) { ready.addAll(es); }
    @Override public Optional<Envelope> dequeue() { return dequeue(Duration.ZERO); }

    @Override
    public Optional<Envelope> dequeue(Duration maxWait) {
      if (closed) {
        throw new IllegalStateException("closed");
      }
      try {
        return Optional.ofNullable(ready.poll(maxWait.toNanos(), TimeUnit.NANOSECONDS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }

    @Override public void acknowledge(Envelope e) { acked.add(e); }
    @Override public void reject(Envelope e, boolean requeue, String reason) { rejectReasons.add(reason); }
    @Override public Subscription subscribe(MessageHandler h, SubscriptionOptions o) { throw new UnsupportedOperationException(); }
    @Override public void close() { closed = true; }
  }

  private final RecordingQueue queue = new RecordingQueue();
  private final List<Envelope> released = new CopyOnWriteArrayList<>();

  private PollingSubscription start(MessageHandler handler, SubscriptionOptions options) {
    return new PollingSubscription(queue, handler, options, released::add);
  }

  private static SubscriptionOptions options(int concurrency, Duration closeTimeout) {
    return SubscriptionOptions.builder().concurrency(concurrency).closeTimeout(closeTimeout)
        .pollWait(Duration.ofMillis(50)).build();
  }

  private static void await(CountDownLatch latch) throws InterruptedException {
    assertThat(latch.await(30, TimeUnit.SECONDS)).as("waited for the latch").isTrue();
  }

  @Test
  void acknowledgesWhenTheHandlerReturns() throws Exception {
    CountDownLatch handled = new CountDownLatch(3);
    try (Subscription s = start(e -> handled.countDown(), options(1, Duration.ofSeconds(5)))) {
      queue.push(Envelope.of("a"));
      queue.push(Envelope.of("b"));
      queue.push(Envelope.of("c"));
      await(handled);
    }
    assertThat(queue.acked).extracting(Envelope::bodyAsString).containsExactly("a", "b", "c");
    assertThat(queue.rejectReasons).isEmpty();
  }

  @Test
  void rejectsWhenTheHandlerThrowsAndKeepsGoing() throws Exception {
    CountDownLatch handled = new CountDownLatch(2);
    try (Subscription s = start(e -> {
      handled.countDown();
      if (e.bodyAsString().equals("bad")) {
        throw new IllegalStateException("boom");
      }
    }, options(1, Duration.ofSeconds(5)))) {
      queue.push(Envelope.of("bad"));
      queue.push(Envelope.of("good"));
      await(handled);
      assertThat(s.isActive()).isTrue();
    }
    assertThat(queue.rejectReasons).singleElement().asString().contains("boom");
    assertThat(queue.acked).extracting(Envelope::bodyAsString).containsExactly("good");
  }

  @Test
  void runsUpToConcurrencyHandlersAtOnce() throws Exception {
    int n = 4;
    CountDownLatch allInside = new CountDownLatch(n);
    CountDownLatch release = new CountDownLatch(1);
    try (Subscription s = start(e -> {
      allInside.countDown();
      release.await();
    }, options(n, Duration.ofSeconds(5)))) {
      for (int i = 0; i < n; i++) {
        queue.push(Envelope.of("m" + i));
      }
      await(allInside); // would never complete with fewer than n workers
      release.countDown();
    }
    assertThat(queue.acked).hasSize(n);
  }

  @Test
  void closeReleasesAMessageWhoseHandlerOutlivesTheTimeout() throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch unblock = new CountDownLatch(1);
    CountDownLatch handlerDone = new CountDownLatch(1);
    Subscription s = start(e -> {
      inside.countDown();
      try {
        unblock.await();
      } finally {
        handlerDone.countDown();
      }
    }, options(1, Duration.ofMillis(100)));
    queue.push(Envelope.of("slow"));
    await(inside);
    s.close();
    assertThat(s.isActive()).isFalse();
    assertThat(released).extracting(Envelope::bodyAsString).containsExactly("slow");
    unblock.countDown();
    await(handlerDone);
    s.close(); // idempotent
    assertThat(queue.acked).as("a released message is not acknowledged late").isEmpty();
  }

  @Test
  void closeFromInsideAHandlerDoesNotDeadlock() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Subscription[] holder = new Subscription[1];
    CountDownLatch closed = new CountDownLatch(1);
    holder[0] = start(e -> {
      calls.incrementAndGet();
      holder[0].close();
      closed.countDown();
    }, options(2, Duration.ofSeconds(5)));
    queue.push(Envelope.of("x"));
    await(closed);
    assertThat(holder[0].isActive()).isFalse();
    assertThat(calls.get()).isEqualTo(1);
  }

  @Test
  void stopsWhenTheQueueIsClosed() throws Exception {
    CountDownLatch handled = new CountDownLatch(1);
    Subscription s = start(e -> handled.countDown(), options(2, Duration.ofSeconds(5)));
    queue.push(Envelope.of("a"));
    await(handled);
    queue.close();
    s.close();
    assertThat(queue.acked).hasSize(1);
  }
}
