package dev.mq.tck.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.Subscription;
import dev.mq.SubscriptionOptions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Handlers that throw, hang past the close timeout, or are very slow, run against any queue
 * through the public API only. Each scenario returns the ledger's counts after asserting them.
 */
public final class HandlerFaultScenarios {

  private static final int KEYS = 6;

  private HandlerFaultScenarios() {}

  private static SubscriptionOptions options(int concurrency, Duration closeTimeout) {
    return SubscriptionOptions.builder().concurrency(concurrency).pollWait(Duration.ofMillis(100))
        .closeTimeout(closeTimeout).build();
  }

  private static void push(MessageQueue q, Ledger ledger, int perKey) {
    for (int seq = 0; seq < perKey; seq++) {
      for (int k = 0; k < KEYS; k++) {
        String key = Waits.key(k);
        q.push(Envelope.builder().partitionKey(key).body(Ledger.body(key, seq)).build());
        ledger.accepted(key, seq);
      }
    }
  }

  /**
   * Every third message throws on its first delivery: it is redelivered (attempt 2) before any
   * later message of its key, and the subscription goes on.
   *
   * @param q the queue instance to run on
   * @param perKey messages pushed per partition key
   * @param bound the longest wait for every message to be handled
   * @return the ledger's counts, asserted
   */
  public static Ledger.Counts throwingHandler(MessageQueue q, int perKey, Duration bound) {
    Ledger ledger = new Ledger();
    AtomicInteger thrown = new AtomicInteger();
    Map<String, Integer> secondAttempts = new ConcurrentHashMap<>();
    push(q, ledger, perKey);
    try (Subscription s = q.subscribe(e -> {
      String body = e.bodyAsString();
      ledger.delivered(body);
      int seq = Integer.parseInt(body.substring(body.lastIndexOf(':') + 1));
      if (seq % 3 == 0 && e.deliveryAttempt() == 1) {
        thrown.incrementAndGet();
        throw new IllegalStateException("injected handler failure for " + body);
      }
      if (e.deliveryAttempt() == 2) {
        secondAttempts.merge(body, 1, Integer::sum);
      }
      ledger.handled(body);
    }, options(3, Duration.ofSeconds(5)))) {
      Waits.await(() -> "every message is handled (" + ledger.counts() + ")", bound, () -> ledger.missing() == 0);
      assertThat(s.isActive()).as("the subscription survived the throwing handler").isTrue();
    }
    Ledger.Counts c = ledger.counts();
    assertThat(ledger.violations()).isEmpty();
    assertThat(c.lost()).isZero();
    assertThat(c.deliveries()).isEqualTo(c.sent() + thrown.get());
    assertThat(secondAttempts).as("each failed message came back as attempt 2").hasSize(thrown.get());
    assertThat(c.duplicates()).isZero();
    return c;
  }

  /**
   * One handler hangs past the close timeout: close returns within its bound, the hung message
   * is delivered again to the next subscription (before the later messages of its key), and the
   * late return of the hung handler settles nothing.
   *
   * @param q the queue instance to run on
   * @param perKey messages pushed per partition key
   * @param bound the longest wait for every message to be handled
   * @return the ledger's counts, asserted
   * @throws Exception if interrupted while waiting for the hanging handler
   */
  public static Ledger.Counts hangingHandler(MessageQueue q, int perKey, Duration bound) throws Exception {
    Ledger ledger = new Ledger();
    String hung = Ledger.body(Waits.key(0), 0);
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    push(q, ledger, perKey);
    Subscription first = q.subscribe(e -> {
      String body = e.bodyAsString();
      ledger.delivered(body);
      if (body.equals(hung)) {
        entered.countDown();
        release.await(); // hangs until the test lets go, long after close gave the message back
        return;          // returns normally: must not acknowledge what close released
      }
      ledger.handled(body);
    }, options(2, Duration.ofMillis(500)));
    try {
      assertThat(entered.await(bound.toMillis(), TimeUnit.MILLISECONDS)).as("the hanging handler ran").isTrue();
      Waits.await("the other keys are handled", bound, () -> ledger.missing() == perKey);
      Waits.boundedly("close with a hung handler", Waits.CLOSE_BOUND, first::close);
      assertThat(first.isActive()).isFalse();

      try (Subscription second = q.subscribe(e -> {
        ledger.delivered(e.bodyAsString());
        ledger.handled(e.bodyAsString());
      }, options(2, Duration.ofSeconds(5)))) {
        Waits.await(() -> "the hung message and the rest of its key are delivered again ("
            + ledger.counts() + ")", bound, () -> ledger.missing() == 0);
      }
    } finally {
      release.countDown();
    }
    Waits.sleep(Duration.ofMillis(300)); // let the late handler return: its ack must be ignored
    Ledger.Counts c = ledger.counts();
    assertThat(ledger.violations()).isEmpty();
    assertThat(c.lost()).isZero();
    assertThat(c.deliveries()).as("only the hung message was delivered twice").isEqualTo(c.sent() + 1);
    return c;
  }

  /**
   * One key's handler is very slow: every other key keeps flowing and nothing is delivered twice.
   *
   * @param q the queue instance to run on
   * @param perKey messages pushed per partition key
   * @param slowness how long the slow key's handler takes per message
   * @param bound the longest wait for every message to be handled
   * @return the ledger's counts, asserted
   */
  public static Ledger.Counts slowHandler(MessageQueue q, int perKey, Duration slowness, Duration bound) {
    Ledger ledger = new Ledger();
    String slowKey = Waits.key(0);
    push(q, ledger, perKey);
    AtomicInteger fastDoneWhileSlowBusy = new AtomicInteger();
    try (Subscription s = q.subscribe(e -> {
      String body = e.bodyAsString();
      ledger.delivered(body);
      if (body.startsWith(slowKey + ":")) {
        Thread.sleep(slowness.toMillis());
      } else if (ledger.missingOf(slowKey) > 0) {
        fastDoneWhileSlowBusy.incrementAndGet();
      }
      ledger.handled(body);
    }, options(3, Duration.ofSeconds(5)))) {
      Waits.await(() -> "every message is handled (" + ledger.counts() + ")", bound, () -> ledger.missing() == 0);
    }
    Ledger.Counts c = ledger.counts();
    assertThat(ledger.violations()).isEmpty();
    assertThat(c.lost()).isZero();
    assertThat(c.duplicates()).isZero();
    assertThat(fastDoneWhileSlowBusy.get()).as("other keys were handled while the slow key was busy").isPositive();
    return c;
  }
}
