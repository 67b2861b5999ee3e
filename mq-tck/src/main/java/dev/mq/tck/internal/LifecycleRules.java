package dev.mq.tck.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.mq.Broker;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.MessageTooLargeException;
import dev.mq.Subscription;
import dev.mq.SubscriptionOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import org.assertj.core.api.SoftAssertions;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Rules 8.x: close and robustness against bad input. */
public abstract class LifecycleRules extends RuleTests {

  /** The tests, for {@code fixture}. */
  protected LifecycleRules(TckFixture fixture) {
    super(fixture);
  }

  @Test
  @DisplayName("8.1 closing a queue and a broker twice is harmless")
  void rule_8_1_closeIsIdempotent() {
    Broker broker = session.connect();
    MessageQueue q = broker.queue(session.uniqueName());
    q.close();
    q.close();
    broker.close();
    broker.close();
    assertThatThrownBy(() -> q.push(message("after-close"))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  @DisplayName("8.1 closing one queue and one broker from several threads at once is harmless")
  void rule_8_1_concurrentCloseIsHarmless() throws Exception {
    Broker broker = session.connect();
    String name = session.uniqueName();
    MessageQueue q = broker.queue(name);
    q.push(message("pending"));
    session.receive(q);
    MessageQueue other = broker.queue(name);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> closers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      closers.add(session.fork(() -> {
        go.await();
        q.close();
        return null;
      }));
    }
    go.countDown();
    for (Future<?> f : closers) {
      session.join("concurrent MessageQueue.close()", f);
    }
    assertThat(session.receive(other).bodyAsString()).as("the unacknowledged message after the concurrent close")
        .isEqualTo("pending");
    CountDownLatch brokerGo = new CountDownLatch(1);
    List<Future<?>> brokerClosers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      brokerClosers.add(session.fork(() -> {
        brokerGo.await();
        broker.close();
        return null;
      }));
    }
    brokerGo.countDown();
    for (Future<?> f : brokerClosers) {
      session.join("concurrent Broker.close()", f);
    }
    assertThatThrownBy(() -> other.dequeue()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  @DisplayName("8.2 every operation on a closed queue instance throws IllegalStateException")
  void rule_8_2_everyOperationOnClosedQueueThrows() {
    MessageQueue q = session.connect().queue(session.uniqueName());
    q.push(message("held"));
    Envelope held = session.receive(q);
    q.close();
    Map<String, ThrowingCallable> calls = new LinkedHashMap<>();
    calls.put("push", () -> q.push(message("x")));
    calls.put("pushAll", () -> q.pushAll(List.of(message("x"))));
    calls.put("dequeue()", q::dequeue);
    calls.put("dequeue(maxWait)", () -> q.dequeue(Duration.ofMillis(10)));
    calls.put("acknowledge", () -> q.acknowledge(held));
    calls.put("reject(e)", () -> q.reject(held));
    calls.put("reject(e, false, reason)", () -> q.reject(held, false, "tck"));
    calls.put("subscribe(handler)", () -> q.subscribe(e -> { }));
    calls.put("subscribe(handler, options)", () -> q.subscribe(e -> { }, SubscriptionOptions.defaults()));
    SoftAssertions softly = new SoftAssertions();
    calls.forEach((what, call) ->
        softly.assertThat(catchThrowable(call)).as("%s on a closed queue", what)
            .isInstanceOf(IllegalStateException.class));
    softly.assertAll();
  }

  @Test
  @DisplayName("8.3 closing a broker closes every queue instance and subscription it handed out")
  void rule_8_3_closingBrokerClosesQueues() {
    Broker broker = session.connect();
    String name = session.uniqueName();
    MessageQueue a = broker.queue(name);
    MessageQueue b = broker.queue(session.uniqueName());
    Subscription sub = a.subscribe(e -> { }, SubscriptionOptions.builder().pollWait(session.timeouts().poll())
        .closeTimeout(session.timeouts().subscriptionClose()).build());
    broker.close();
    assertThatThrownBy(() -> a.push(message("x"))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> b.dequeue()).isInstanceOf(IllegalStateException.class);
    session.awaitCondition("the subscription reports itself closed", () -> !sub.isActive());
  }

  @Test
  @DisplayName("8.4 a series of bad calls fails only those calls; the queue keeps working")
  void rule_8_4_badInputFailsOnlyThatCall() {
    Broker broker = session.connect();
    MessageQueue q = broker.queue(session.uniqueName());
    MessageQueue other = broker.queue(session.uniqueName());
    q.push(message("first"));
    Envelope held = session.receive(q);
    other.push(message("foreign"));
    Envelope foreign = session.receive(other);
    List<Envelope> withNull = new ArrayList<>();
    withNull.add(message("x"));
    withNull.add(null);
    assertThatThrownBy(() -> q.push(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> q.pushAll(withNull)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> q.push(Envelope.of(new byte[session.tooLargeBodySize()])))
        .isInstanceOf(MessageTooLargeException.class);
    assertThatThrownBy(() -> q.dequeue(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> q.acknowledge(foreign)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> q.reject(foreign)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> q.acknowledge(null))
        .isInstanceOfAny(NullPointerException.class, IllegalArgumentException.class);
    assertThatThrownBy(() -> q.reject(null, true, null))
        .isInstanceOfAny(NullPointerException.class, IllegalArgumentException.class);
    assertThatThrownBy(() -> q.subscribe(null))
        .isInstanceOfAny(NullPointerException.class, IllegalArgumentException.class);
    assertThatThrownBy(() -> q.subscribe(e -> { }, null))
        .isInstanceOfAny(NullPointerException.class, IllegalArgumentException.class);
    assertThatThrownBy(() -> q.dequeue(null))
        .isInstanceOfAny(NullPointerException.class, IllegalArgumentException.class);

    q.acknowledge(held);
    q.push(message("after-bad-input"));
    Envelope next = session.receive(q);
    assertThat(next.bodyAsString()).isEqualTo("after-bad-input");
    q.reject(next);
    Envelope again = session.receive(q);
    assertThat(again.messageId()).isEqualTo(next.messageId());
    q.acknowledge(again);
    session.assertNothingDelivered(q, "everything was acknowledged");
    other.acknowledge(foreign);
    session.assertNothingDelivered(other, "the foreign message was acknowledged by its own queue");
  }

  @Test
  @DisplayName("8.4 an invalid queue name fails that call only; the broker keeps working")
  void rule_8_4_invalidQueueNameFailsOnlyThatCall() {
    Broker broker = session.connect();
    assertThatThrownBy(() -> broker.queue(null))
        .isInstanceOfAny(NullPointerException.class, IllegalArgumentException.class);
    assertThatThrownBy(() -> broker.queue("")).isInstanceOf(IllegalArgumentException.class);
    MessageQueue q = broker.queue(session.uniqueName());
    q.push(message("valid-name"));
    assertThat(session.receive(q).bodyAsString()).isEqualTo("valid-name");
  }
}
