package dev.mq.tck.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.Broker;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.Subscription;
import dev.mq.SubscriptionOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Rules 6.x: subscribe. */
public abstract class SubscribeRules extends RuleTests {

  private static final int CONCURRENCY = 4;

  /**
   * The tests, for {@code fixture}.
   *
   * @param fixture the provider's hooks, from {@code MessageQueueTck}
   */
  protected SubscribeRules(TckFixture fixture) {
    super(fixture);
  }

  @Test
  @DisplayName("6.1 a subscription delivers on a background thread and a returning handler acknowledges")
  void rule_6_1_subscriptionDeliversAndAcknowledges() {
    MessageQueue q = session.connect().queue(session.uniqueName());
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Envelope e = message("sub-" + i);
      sent.add(e.messageId());
      q.push(e);
    }
    Thread testThread = Thread.currentThread();
    Set<String> handled = ConcurrentHashMap.newKeySet();
    Subscription sub = q.subscribe(e -> session.failures().guard("handler", () -> {
      assertThat(Thread.currentThread()).as("handler thread").isNotSameAs(testThread);
      assertThat(handled.add(e.messageId()))
          .as("first delivery of %s (not delivered again after its acknowledgement)", e.messageId()).isTrue();
    }), options(1));
    assertThat(sub.isActive()).isTrue();
    session.awaitCondition("the handler saw all 10 messages", () -> handled.size() == sent.size());
    sub.close();
    assertThat(sub.isActive()).isFalse();
    assertThat(handled).containsExactlyInAnyOrderElementsOf(sent);
    session.assertNothingDelivered(q,
        "the subscription acknowledged every message; another delivery is delivered again after its acknowledgement");
  }

  @Test
  @DisplayName("6.2 a throwing handler rejects with requeue and the subscription keeps delivering")
  void rule_6_2_throwingHandlerRequeuesAndSubscriptionContinues() {
    Broker broker = session.connect(maxAttempts(5));
    MessageQueue q = broker.queue(session.uniqueName());
    Map<String, List<Integer>> attempts = new ConcurrentHashMap<>();
    Set<String> done = ConcurrentHashMap.newKeySet();
    for (int i = 0; i < 5; i++) {
      q.push(message("flaky-" + i));
    }
    Subscription sub = q.subscribe(e -> {
      attempts.computeIfAbsent(e.bodyAsString(), k -> new CopyOnWriteArrayList<>()).add(e.deliveryAttempt());
      if (e.deliveryAttempt() == 1) {
        throw new IllegalStateException("tck: deliberate handler failure");
      }
      done.add(e.bodyAsString());
    }, options(1));
    session.awaitCondition("all 5 messages were handled on their second attempt (a throwing handler requeues, and "
        + "the subscription keeps delivering)", () -> done.size() == 5);
    q.push(message("after-errors"));
    session.awaitCondition("a message pushed after the failures was handled (the subscription keeps delivering "
        + "after handler errors)", () -> done.contains("after-errors"));
    sub.close();
    for (int i = 0; i < 5; i++) {
      assertThat(attempts.get("flaky-" + i)).as("attempts of flaky-%d", i).containsExactly(1, 2);
    }
    assertThat(sub.isActive()).isFalse();
    session.assertNothingDelivered(q, "every message was acknowledged on its second attempt");
  }

  @Test
  @DisplayName("6.2 the attempt limit applies to a handler that always throws")
  void rule_6_2_attemptLimitAppliesToThrowingHandler() {
    MessageQueue q = session.connect(maxAttempts(2)).queue(session.uniqueName());
    AtomicInteger poisonDeliveries = new AtomicInteger();
    Set<String> done = ConcurrentHashMap.newKeySet();
    q.push(message("poison"));
    Subscription sub = q.subscribe(e -> {
      if (e.bodyAsString().equals("poison")) {
        poisonDeliveries.incrementAndGet();
        throw new IllegalStateException("tck: poison message");
      }
      done.add(e.bodyAsString());
    }, options(1));
    session.awaitCondition("the poison message was delivered twice (a throwing handler requeues, and the "
        + "subscription keeps delivering)", () -> poisonDeliveries.get() >= 2);
    q.push(message("healthy"));
    session.awaitCondition("a healthy message after the poison was handled (the subscription keeps delivering after "
        + "handler errors)", () -> done.contains("healthy"));
    session.assertStaysFalse("the poison message was delivered more often than the limit of 2",
        () -> poisonDeliveries.get() > 2);
    assertThat(sub.isActive()).isTrue();
    sub.close();
    assertThat(poisonDeliveries.get()).isEqualTo(2);
  }

  @Test
  @DisplayName("6.3 with concurrency 4, four handlers run at once and never more")
  void rule_6_3_concurrencyRunsUpToNHandlers() throws Exception {
    MessageQueue q = session.connect().queue(session.uniqueName());
    for (int i = 0; i < 2 * CONCURRENCY; i++) {
      q.push(keyed("conc-key-" + i, "conc-" + i));
    }
    AtomicInteger running = new AtomicInteger();
    AtomicInteger maxRunning = new AtomicInteger();
    Set<String> handled = ConcurrentHashMap.newKeySet();
    CountDownLatch release = new CountDownLatch(1);
    long blockMillis = session.timeouts().await().toMillis() * 2;
    Subscription sub = q.subscribe(e -> {
      int now = running.incrementAndGet();
      maxRunning.accumulateAndGet(now, Math::max);
      try {
        release.await(blockMillis, TimeUnit.MILLISECONDS);
        handled.add(e.bodyAsString());
      } finally {
        running.decrementAndGet();
      }
    }, options(CONCURRENCY));
    try {
      session.awaitCondition(CONCURRENCY + " handlers were running at once", () -> running.get() == CONCURRENCY);
      session.assertStaysFalse("more than " + CONCURRENCY + " handlers ran at once",
          () -> maxRunning.get() > CONCURRENCY);
    } finally {
      release.countDown();
    }
    session.awaitCondition("all messages were handled", () -> handled.size() == 2 * CONCURRENCY);
    sub.close();
    assertThat(maxRunning.get()).as("most handlers at once").isEqualTo(CONCURRENCY);
  }

  @Test
  @DisplayName("6.3 at concurrency 4 nothing is lost and no message reaches two handlers")
  void rule_6_3_concurrentSubscriptionLosesNothing() {
    MessageQueue q = session.connect().queue(session.uniqueName());
    int total = 200;
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      Envelope e = message("many-" + i);
      sent.add(e.messageId());
    }
    Set<String> inFlight = ConcurrentHashMap.newKeySet();
    Set<String> handled = ConcurrentHashMap.newKeySet();
    Subscription sub = q.subscribe(e -> {
      if (!inFlight.add(e.messageId())) {
        session.failures().fail(e.messageId() + " was handed to two handlers at once");
      }
      if (!handled.add(e.messageId())) {
        session.failures().fail(e.messageId() + " was delivered again after it was acknowledged");
      }
      inFlight.remove(e.messageId());
    }, options(CONCURRENCY));
    for (int i = 0; i < total; i++) {
      q.push(Envelope.builder().body("many-" + i).messageId(sent.get(i)).build());
    }
    session.awaitCondition("all " + total + " messages were handled", () -> handled.size() == total);
    sub.close();
    assertThat(handled).containsExactlyInAnyOrderElementsOf(sent);
    session.assertNothingDelivered(q, "every message was acknowledged by the subscription");
  }

  @Test
  @DisplayName("6.4 close waits a bounded time for a stuck handler, stops deliveries and leaves its message for redelivery")
  void rule_6_4_closeGivesBackUnacknowledgedMessages() throws Exception {
    Broker broker = session.connect();
    MessageQueue q = broker.queue(session.uniqueName());
    Envelope stuck = message("stuck");
    q.push(stuck);
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    long blockMillis = session.timeouts().await().toMillis() * 3;
    Subscription sub = q.subscribe(e -> {
      calls.incrementAndGet();
      started.countDown();
      release.await(blockMillis, TimeUnit.MILLISECONDS);
    }, SubscriptionOptions.builder().concurrency(1).pollWait(session.timeouts().poll())
        .closeTimeout(session.timeouts().quiet()).build());
    try {
      assertThat(started.await(session.timeouts().await().toMillis(), TimeUnit.MILLISECONDS))
          .as("the handler started").isTrue();
      Future<?> closing = session.fork(() -> {
        sub.close();
        return null;
      });
      session.join("Subscription.close() with a handler stuck past the close timeout", closing);
      assertThat(sub.isActive()).isFalse();
      Envelope later = message("pushed-after-close");
      q.push(later);
      List<Envelope> back = session.receive(q, 2);
      assertThat(back).extracting(Envelope::messageId)
          .as("the stuck handler's message is delivered again, and the later one too")
          .containsExactlyInAnyOrder(stuck.messageId(), later.messageId());
      back.forEach(q::acknowledge);
    } finally {
      release.countDown();
    }
    session.assertStaysFalse("the closed subscription called its handler again", () -> calls.get() > 1);
    session.assertNothingDelivered(q, "both messages were acknowledged");
  }

  @Test
  @DisplayName("6.4 close waits for a running handler that finishes in time, and its message is acknowledged")
  void rule_6_4_closeWaitsForRunningHandler() throws Exception {
    MessageQueue q = session.connect().queue(session.uniqueName());
    q.push(message("finishes-during-close"));
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger finished = new AtomicInteger();
    long blockMillis = session.timeouts().await().toMillis();
    Subscription sub = q.subscribe(e -> {
      started.countDown();
      if (release.await(blockMillis, TimeUnit.MILLISECONDS)) {
        finished.incrementAndGet();
      }
    }, options(1));
    assertThat(started.await(session.timeouts().await().toMillis(), TimeUnit.MILLISECONDS))
        .as("the handler started").isTrue();
    Future<?> closing = session.fork(() -> {
      sub.close();
      return null;
    });
    try {
      session.awaitCondition("close() has begun", () -> !sub.isActive());
    } finally {
      release.countDown(); // the handler ends well within the close timeout
    }
    session.join("Subscription.close()", closing);
    assertThat(finished.get()).as("handler runs that finished (close must wait for a running handler)").isEqualTo(1);
    session.assertNothingDelivered(q,
        "the handler finished during close, so its message was acknowledged (close must wait for a running handler)");
  }

  @Test
  @DisplayName("6.4 after close the handler is not called, and new messages stay in the queue")
  void rule_6_4_closeStopsDeliveries() {
    MessageQueue q = session.connect().queue(session.uniqueName());
    AtomicInteger calls = new AtomicInteger();
    Subscription sub = q.subscribe(e -> calls.incrementAndGet(), options(2));
    q.push(message("before-close"));
    session.awaitCondition("the first message was handled", () -> calls.get() == 1);
    sub.close();
    q.push(message("after-close"));
    session.assertStaysFalse("the handler was called after close", () -> calls.get() > 1);
    assertThat(session.receive(q).bodyAsString()).isEqualTo("after-close");
  }

  @Test
  @DisplayName("6.4 closing a subscription twice, or from several threads at once, is harmless")
  void rule_6_4_closeTwiceAndConcurrentlyIsHarmless() throws Exception {
    MessageQueue q = session.connect().queue(session.uniqueName());
    Subscription sub = q.subscribe(e -> { }, options(2));
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> closers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      closers.add(session.fork(() -> {
        go.await();
        sub.close();
        return null;
      }));
    }
    go.countDown();
    for (Future<?> f : closers) {
      session.join("concurrent Subscription.close()", f);
    }
    sub.close();
    assertThat(sub.isActive()).isFalse();
    q.push(message("after-closes"));
    assertThat(session.receive(q).bodyAsString()).isEqualTo("after-closes");
  }

  @Test
  @DisplayName("6.5 closing the queue instance closes its subscriptions")
  void rule_6_5_closingQueueClosesSubscriptions() {
    Broker broker = session.connect();
    String name = session.uniqueName();
    MessageQueue q = broker.queue(name);
    AtomicInteger calls = new AtomicInteger();
    Subscription sub = q.subscribe(e -> calls.incrementAndGet(), options(2));
    q.close();
    session.awaitCondition("the subscription reports itself closed", () -> !sub.isActive());
    MessageQueue other = broker.queue(name);
    other.push(message("after-queue-close"));
    session.assertStaysFalse("the subscription of a closed queue called its handler", () -> calls.get() > 0);
    assertThat(session.receive(other).bodyAsString()).isEqualTo("after-queue-close");
  }

  /** Options with this concurrency and the kit's poll wait and close timeout. */
  SubscriptionOptions options(int concurrency) {
    return SubscriptionOptions.builder().concurrency(concurrency).pollWait(session.timeouts().poll())
        .closeTimeout(session.timeouts().subscriptionClose()).build();
  }
}
