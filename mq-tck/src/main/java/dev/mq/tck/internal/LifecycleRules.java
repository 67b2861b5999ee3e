package dev.mq.tck.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.mq.Broker;
import dev.mq.Capability;
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

  /**
   * The tests, for {@code fixture}.
   *
   * @param fixture the provider's hooks, from {@code MessageQueueTck}
   */
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
    assertThatCode(() -> q.push(message("after-close"))).isInstanceOf(IllegalStateException.class);
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
    assertThat(session.receive(other, "the unacknowledged message after the concurrent close").bodyAsString())
        .as("the unacknowledged message after the concurrent close")
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
    assertThatCode(() -> other.dequeue()).isInstanceOf(IllegalStateException.class);
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
  @DisplayName("8.2 queue(...) on a closed broker throws IllegalStateException")
  void rule_8_2_closedBrokerRefusesQueues() {
    Broker broker = session.connect();
    String name = session.uniqueName();
    broker.queue(name).push(message("before-close"));
    broker.close();
    assertThatCode(() -> broker.queue(name)).as("queue(name) on a closed broker")
        .isInstanceOf(IllegalStateException.class);
    assertThatCode(() -> broker.queue(session.uniqueName())).as("queue(new name) on a closed broker")
        .isInstanceOf(IllegalStateException.class);
    assertThatCode(() -> broker.queue(name, broker.defaultConsumerGroup()))
        .as("queue(name, group) on a closed broker").isInstanceOf(IllegalStateException.class);
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
    assertThatCode(() -> a.push(message("x"))).isInstanceOf(IllegalStateException.class);
    assertThatCode(() -> b.dequeue()).isInstanceOf(IllegalStateException.class);
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
    assertThatCode(() -> q.push(null)).as("push(null)").isInstanceOf(NullPointerException.class);
    assertThatCode(() -> q.pushAll(withNull)).as("pushAll with a null element").isInstanceOf(NullPointerException.class);
    assertThatCode(() -> q.push(Envelope.of(new byte[session.tooLargeBodySize()]))).as("push of a too large message")
        .isInstanceOf(MessageTooLargeException.class);
    assertThatCode(() -> q.dequeue(Duration.ofSeconds(-1))).as("dequeue(-1 s)").isInstanceOf(IllegalArgumentException.class);
    assertThatCode(() -> q.acknowledge(foreign)).as("acknowledge of a foreign envelope")
        .isInstanceOf(IllegalArgumentException.class);
    assertThatCode(() -> q.reject(foreign)).as("reject of a foreign envelope").isInstanceOf(IllegalArgumentException.class);
    assertThatCode(() -> q.acknowledge(null))
        .isInstanceOfAny(NullPointerException.class, IllegalArgumentException.class);
    assertThatCode(() -> q.reject(null, true, null))
        .isInstanceOfAny(NullPointerException.class, IllegalArgumentException.class);
    assertThatCode(() -> q.subscribe(null))
        .isInstanceOfAny(NullPointerException.class, IllegalArgumentException.class);
    assertThatCode(() -> q.subscribe(e -> { }, null))
        .isInstanceOfAny(NullPointerException.class, IllegalArgumentException.class);
    assertThatCode(() -> q.dequeue(null))
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
    assertThatCode(() -> broker.queue(null))
        .isInstanceOfAny(NullPointerException.class, IllegalArgumentException.class);
    assertThatCode(() -> broker.queue("")).isInstanceOf(IllegalArgumentException.class);
    MessageQueue q = broker.queue(session.uniqueName());
    q.push(message("valid-name"));
    assertThat(session.receive(q).bodyAsString()).isEqualTo("valid-name");
  }

  @Test
  @DisplayName("8.5 names of 1 to 128 characters of A-Z a-z 0-9 . _ - work as queue and group names")
  void rule_8_5_portableNamesAreAccepted() {
    Broker broker = session.connect();
    String name = portable(session.uniqueName(), 128);
    MessageQueue q = broker.queue(name);
    assertThat(q.name()).isEqualTo(name);
    q.push(message("portable-name"));
    assertThat(session.receive(q).bodyAsString()).isEqualTo("portable-name");
    if (broker.capabilities().contains(Capability.CONSUMER_GROUPS)) {
      String group = portable(session.uniqueName(), 128);
      MessageQueue grouped = broker.queue(session.uniqueName(), group);
      assertThat(grouped.consumerGroup()).isEqualTo(group);
      grouped.push(message("portable-group"));
      assertThat(session.receive(grouped).bodyAsString()).isEqualTo("portable-group");
    }
  }

  @Test
  @DisplayName("8.5 an invalid queue or group name is IllegalArgumentException naming it; the broker keeps working")
  void rule_8_5_invalidNamesAreRefused() {
    Broker broker = session.connect();
    String valid = session.uniqueName();
    List<String> invalid = List.of("", " ", "tck name", "tck/name", "../tck", "tck:name", "tck\\name",
        "tck\u0000name", "tck\nname", "tck\tname", "caf\u00e9", "\u65e5\u672c", "tck\ud83d\ude00",
        "x".repeat(256), "y".repeat(100_000), valid + "*", valid + "?", valid + "#");
    SoftAssertions softly = new SoftAssertions();
    for (String bad : invalid) {
      Throwable thrown = catchThrowable(() -> broker.queue(bad));
      softly.assertThat(thrown).as("queue(\"%s\")", shown(bad)).isInstanceOf(IllegalArgumentException.class);
      if (thrown != null && !bad.isEmpty() && bad.length() <= 255) {
        softly.assertThat(thrown.getMessage()).as("the message of queue(\"%s\") names it", shown(bad)).contains(bad);
      }
      if (broker.capabilities().contains(Capability.CONSUMER_GROUPS)) {
        softly.assertThat(catchThrowable(() -> broker.queue(valid, bad)))
            .as("queue(valid, \"%s\")", shown(bad)).isInstanceOf(IllegalArgumentException.class);
      }
    }
    softly.assertAll();
    MessageQueue q = broker.queue(valid);
    q.push(message("after-invalid-names"));
    assertThat(session.receive(q).bodyAsString()).isEqualTo("after-invalid-names");
  }

  /** {@code prefix} padded to {@code length} with every character a portable name may hold. */
  private static String portable(String prefix, int length) {
    StringBuilder sb = new StringBuilder(prefix).append("._-ABCXYZabcxyz0189");
    while (sb.length() < length) {
      sb.append('x');
    }
    return sb.substring(0, length);
  }

  /** A name as a test message shows it: control characters escaped, cut when long. */
  private static String shown(String name) {
    StringBuilder sb = new StringBuilder();
    for (char c : name.toCharArray()) {
      sb.append(c < 0x20 ? String.format("\\x%02x", (int) c) : String.valueOf(c));
      if (sb.length() > 40) {
        return sb + "...(" + name.length() + " chars)";
      }
    }
    return sb.toString();
  }
}
