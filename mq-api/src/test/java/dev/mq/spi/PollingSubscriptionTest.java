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
  static class RecordingQueue implements MessageQueue {
    final LinkedBlockingDeque<Envelope> ready = new LinkedBlockingDeque<>();
    final List<Envelope> acked = new CopyOnWriteArrayList<>();
    final List<String> rejectReasons = new CopyOnWriteArrayList<>();
    final AtomicInteger pollsEnded = new AtomicInteger();
    final AtomicInteger polling = new AtomicInteger();
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
      polling.incrementAndGet();
      try {
        return Optional.ofNullable(ready.poll(maxWait.toNanos(), TimeUnit.NANOSECONDS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      } finally {
        polling.decrementAndGet();
        pollsEnded.incrementAndGet();
      }
    }

    @Override public void acknowledge(Envelope e) { acked.add(e); }
    @Override public void reject(Envelope e, boolean requeue, String reason) { rejectReasons.add(reason); }
    @Override public void reject(Envelope e, Duration delay, String reason) { rejectReasons.add(reason); }
    @Override public Subscription subscribe(MessageHandler h, SubscriptionOptions o) { throw new UnsupportedOperationException(); }
    @Override public void close() { closed = true; }
  }

  /** A queue that also acknowledges and dequeues in one call, recording which path was used. */
  static final class CombinedQueue extends RecordingQueue implements AcknowledgeAndDequeue {
    final List<Envelope> ackedTogether = new CopyOnWriteArrayList<>();
    volatile RuntimeException failNext;

    @Override
    public Optional<Envelope> acknowledgeAndDequeue(Envelope delivered, Duration maxWait) {
      RuntimeException failure = failNext;
      if (failure != null) {
        failNext = null;
        throw failure;
      }
      acked.add(delivered);
      ackedTogether.add(delivered);
      return dequeue(maxWait);
    }
  }

  private final RecordingQueue queue = new RecordingQueue();
  private final CombinedQueue combined = new CombinedQueue();
  private final List<Envelope> givenBack = new CopyOnWriteArrayList<>();

  private PollingSubscription start(MessageHandler handler, SubscriptionOptions options) {
    return new PollingSubscription(queue, handler, options, givenBack::add);
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
  void closeGivesBackAMessageWhoseHandlerOutlivesTheTimeout() throws Exception {
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
    assertThat(givenBack).extracting(Envelope::bodyAsString).containsExactly("slow");
    unblock.countDown();
    await(handlerDone);
    s.close(); // idempotent
    assertThat(queue.acked).as("a message given back is not acknowledged late").isEmpty();
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

  @Test
  void closeInterruptsWorkersWaitingInDequeue() throws Exception {
    SubscriptionOptions longPolls = SubscriptionOptions.builder().concurrency(3)
        .closeTimeout(Duration.ofSeconds(5)).pollWait(Duration.ofMinutes(1)).build();
    Subscription s = start(e -> { }, longPolls);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (queue.polling.get() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(queue.polling.get()).as("workers inside dequeue").isEqualTo(3);
    s.close();
    // Without the interrupt the polls would last a minute, longer than the 30 s allowed here.
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (queue.pollsEnded.get() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(queue.pollsEnded.get()).isEqualTo(3);
    assertThat(s.isActive()).isFalse();
  }

  @Test
  void handlersNeverSeeAnInterruptMeantForThePoll() throws Exception {
    AtomicInteger interruptedHandlers = new AtomicInteger();
    AtomicInteger handledCount = new AtomicInteger();
    for (int round = 0; round < 20; round++) {
      RecordingQueue q = new RecordingQueue();
      for (int i = 0; i < 50; i++) {
        q.push(Envelope.of("m" + i));
      }
      Subscription s = new PollingSubscription(q, e -> {
        handledCount.incrementAndGet();
        if (Thread.currentThread().isInterrupted()) {
          interruptedHandlers.incrementAndGet();
        }
      }, options(2, Duration.ofSeconds(5)), givenBack::add);
      Thread.sleep(round % 3); // close at varying points: polling, handling, or done
      s.close();
    }
    assertThat(handledCount.get()).isPositive();
    assertThat(interruptedHandlers.get()).isZero();
  }

  @Test
  void combinedQueueAcknowledgesEachHandledMessageWithTheNextPoll() throws Exception {
    CountDownLatch handled = new CountDownLatch(3);
    try (Subscription s = new PollingSubscription(combined, e -> handled.countDown(),
        options(1, Duration.ofSeconds(5)), givenBack::add)) {
      combined.push(Envelope.of("a"));
      combined.push(Envelope.of("b"));
      combined.push(Envelope.of("c"));
      await(handled);
    }
    assertThat(combined.acked).extracting(Envelope::bodyAsString).containsExactly("a", "b", "c");
    // a and b were certainly followed by a poll; c's may have been cut short by close.
    assertThat(combined.ackedTogether).extracting(Envelope::bodyAsString).startsWith("a", "b");
    assertThat(combined.rejectReasons).isEmpty();
  }

  @Test
  void combinedQueueGetsAPendingAcknowledgementWhenTheWorkerStops() throws Exception {
    Subscription[] holder = new Subscription[1];
    CountDownLatch closed = new CountDownLatch(1);
    holder[0] = new PollingSubscription(combined, e -> {
      holder[0].close(); // the worker stops after this handler, without another poll
      closed.countDown();
    }, options(1, Duration.ofSeconds(5)), givenBack::add);
    combined.push(Envelope.of("last"));
    await(closed);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (combined.acked.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(combined.acked).extracting(Envelope::bodyAsString).containsExactly("last");
    assertThat(combined.ackedTogether).as("acknowledged on its own, not with a poll").isEmpty();
  }

  @Test
  void combinedQueueStillRejectsFailedMessagesAtOnce() throws Exception {
    CountDownLatch handled = new CountDownLatch(1);
    try (Subscription s = new PollingSubscription(combined, e -> {
      handled.countDown();
      throw new IllegalStateException("boom");
    }, options(1, Duration.ofSeconds(5)), givenBack::add)) {
      combined.push(Envelope.of("bad"));
      await(handled);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (combined.rejectReasons.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
    }
    assertThat(combined.rejectReasons).singleElement().asString().contains("boom");
    assertThat(combined.acked).isEmpty();
  }

  @Test
  void combinedQueueFailureIsRetriedAndTheSubscriptionKeepsGoing() throws Exception {
    combined.failNext = new RuntimeException("broker hiccup");
    CountDownLatch handled = new CountDownLatch(2);
    try (Subscription s = new PollingSubscription(combined, e -> handled.countDown(),
        options(1, Duration.ofSeconds(5)), givenBack::add)) {
      combined.push(Envelope.of("a"));
      combined.push(Envelope.of("b"));
      await(handled);
      assertThat(s.isActive()).isTrue();
    }
    // The failed call acknowledged nothing, so "a" is left to redelivery; "b" was acknowledged.
    assertThat(combined.acked).extracting(Envelope::bodyAsString).containsExactly("b");
  }

  @Test
  void combinedQueueClosedStopsTheWorkers() throws Exception {
    CountDownLatch handled = new CountDownLatch(1);
    Subscription s = new PollingSubscription(combined, e -> handled.countDown(),
        options(1, Duration.ofSeconds(5)), givenBack::add);
    combined.failNext = new IllegalStateException("closed");
    combined.push(Envelope.of("a"));
    await(handled);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (combined.pollsEnded.get() < 1 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    combined.push(Envelope.of("never"));
    Thread.sleep(200); // quiet period: a stopped worker polls no more
    assertThat(combined.ready).extracting(Envelope::bodyAsString).containsExactly("never");
    s.close();
  }
}
