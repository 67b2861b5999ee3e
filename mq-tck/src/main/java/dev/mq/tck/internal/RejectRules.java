package dev.mq.tck.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.mq.Broker;
import dev.mq.Capability;
import dev.mq.ConfigKeys;
import dev.mq.DeadLetters;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Rules 5.x: reject, the attempt limit and dead-lettering. */
public abstract class RejectRules extends RuleTests {

  /**
   * The tests, for {@code fixture}.
   *
   * @param fixture the provider's hooks, from {@code MessageQueueTck}
   */
  protected RejectRules(TckFixture fixture) {
    super(fixture);
  }

  @Test
  @Disabled(NOT_TESTED + "the WARN log line cannot be observed in general, since the logging backend is the "
      + "application's choice; that such a message is never delivered again is checked by the 5.3 and 5.4 "
      + "tests, which run without a dead-letter queue")
  @DisplayName("5.6 without a dead-letter queue a dead letter is dropped with a WARN line naming the reason (not tested by the TCK)")
  void rule_5_6_droppedDeadLetterIsLoggedAtWarn() {
    // not tested: see @Disabled
  }

  @Test
  @DisplayName("5.1 reject(e) requeues: the message comes back with attempt 2")
  void rule_5_1_rejectDefaultsToRequeue() {
    MessageQueue q = session.connect(maxAttempts(5)).queue(session.uniqueName());
    q.push(message("reject-default"));
    Envelope first = session.receive(q);
    q.reject(first);
    Envelope again = session.receive(q, "the message requeued by reject(e)");
    assertThat(again.messageId()).as("message id of the redelivery").isEqualTo(first.messageId());
    assertThat(again.deliveryAttempt()).as("delivery attempt of the redelivery").isEqualTo(2);
    q.acknowledge(again);
    session.assertNothingDelivered(q, "the redelivery was acknowledged");
  }

  @Test
  @DisplayName("5.2 each requeue raises the attempt by one and keeps body, properties, id and key")
  void rule_5_2_requeueRaisesAttemptAndKeepsContent() {
    MessageQueue q = session.connect(maxAttempts(5)).queue(session.uniqueName());
    Envelope sent = Envelope.builder().body(new byte[] {0, 1, (byte) 255}).messageId("tck-5-2")
        .partitionKey("k-5-2").property("p", "\u00e9").property("q", "").build();
    q.push(sent);
    for (int attempt = 1; attempt <= 4; attempt++) {
      Envelope got = session.receive(q, attempt == 1 ? "the message" : "the message requeued by reject");
      assertThat(got.deliveryAttempt()).as("delivery attempt").isEqualTo(attempt);
      assertThat(got.messageId()).as("message id of delivery %d", attempt).isEqualTo(sent.messageId());
      assertThat(got.body()).as("body of delivery %d", attempt).isEqualTo(sent.body());
      assertThat(got.properties()).as("properties of delivery %d", attempt)
          .containsExactlyInAnyOrderEntriesOf(sent.properties());
      assertThat(got.partitionKey()).isEqualTo(sent.partitionKey());
      if (attempt < 4) {
        q.reject(got, true, "tck attempt " + attempt);
      } else {
        q.acknowledge(got);
      }
    }
    session.assertNothingDelivered(q, "the fourth delivery was acknowledged");
  }

  @Test
  @DisplayName("5.3 a message rejected without requeue is never delivered again")
  void rule_5_3_rejectWithoutRequeueIsFinal() {
    Broker broker = session.connect();
    String name = session.uniqueName();
    MessageQueue q = broker.queue(name);
    q.push(message("reject-final"));
    q.reject(session.receive(q), false, "tck: not wanted");
    session.assertNothingDelivered(q, "the message was rejected without requeue");
    q.close();
    session.assertNothingDelivered(broker.queue(name), "the message was rejected without requeue before the close");
  }

  @Test
  @DisplayName("5.4 at the configured attempt limit a requeueing reject ends redelivery")
  void rule_5_4_attemptLimitEndsRedelivery() {
    Broker broker = session.connect(maxAttempts(2));
    String name = session.uniqueName();
    MessageQueue q = broker.queue(name);
    q.push(message("limited"));
    Envelope first = session.receive(q);
    assertThat(first.deliveryAttempt()).as("delivery attempt of the first delivery").isEqualTo(1);
    q.reject(first);
    Envelope second = session.receive(q, "the requeued message");
    assertThat(second.deliveryAttempt()).as("delivery attempt of the redelivery").isEqualTo(2);
    q.reject(second);
    session.assertNothingDelivered(q, "the message reached the attempt limit of 2");
    q.close();
    session.assertNothingDelivered(broker.queue(name), "the message reached the attempt limit before the close");
  }

  @Test
  @DisplayName("5.4 the default attempt limit is 3")
  void rule_5_4_defaultAttemptLimitIsThree() {
    Map<String, String> config = session.providerConfig();
    config.remove(ConfigKeys.MAX_DELIVERY_ATTEMPTS);
    MessageQueue q = session.connectExactly(config).queue(session.uniqueName());
    q.push(message("default-limit"));
    for (int attempt = 1; attempt <= ConfigKeys.DEFAULT_MAX_DELIVERY_ATTEMPTS; attempt++) {
      Envelope got = session.receive(q);
      assertThat(got.deliveryAttempt()).isEqualTo(attempt);
      q.reject(got);
    }
    session.assertNothingDelivered(q, "the message reached the default attempt limit of 3");
  }

  @Test
  @DisplayName("5.5 reject without requeue moves the message to the dead-letter queue with every dead-letter property (DEAD_LETTER)")
  void rule_5_5_rejectWithoutRequeueDeadLetters() {
    Broker probe = session.connect();
    assumeCapability(probe, Capability.DEAD_LETTER);
    String name = session.uniqueName();
    Broker broker = session.connect(deadLetterConfig(5));
    MessageQueue dlq = broker.queue(name + "-dlq");
    MessageQueue q = broker.queue(name);
    Envelope sent = original("tck-dl-1");
    q.push(sent);
    q.reject(session.receive(q), false, "tck reason \u00e9");
    Envelope dead = session.receive(dlq, "the dead letter");
    assertDeadLetter(dead, sent, name, q.consumerGroup(), 1);
    assertThat(dead.property(DeadLetters.REASON)).contains("tck reason \u00e9");
    dlq.acknowledge(dead);
    session.assertNothingDelivered(q, "the message was dead-lettered");
    session.assertNothingDelivered(dlq, "the message was dead-lettered once");
  }

  @Test
  @DisplayName("5.5 a message at the attempt limit moves to the dead-letter queue with its attempt count (DEAD_LETTER)")
  void rule_5_5_attemptLimitDeadLetters() {
    Broker probe = session.connect();
    assumeCapability(probe, Capability.DEAD_LETTER);
    String name = session.uniqueName();
    Broker broker = session.connect(deadLetterConfig(2));
    MessageQueue dlq = broker.queue(name + "-dlq");
    MessageQueue q = broker.queue(name);
    Envelope sent = original("tck-dl-2");
    q.push(sent);
    q.reject(session.receive(q), true, "tck first");
    q.reject(session.receive(q), true, "tck second");
    Envelope dead = session.receive(dlq, "the dead letter");
    assertDeadLetter(dead, sent, name, q.consumerGroup(), 2);
    assertThat(dead.property(DeadLetters.REASON)).hasValueSatisfying(r -> assertThat(r).isNotBlank());
    session.assertNothingDelivered(q, "the message was dead-lettered at the limit");
  }

  @Test
  @DisplayName("5.5 a dead letter carries the generated message id, the reason default, its time and no key when it had none (DEAD_LETTER)")
  void rule_5_5_deadLetterWithoutKeyOrReason() {
    Broker probe = session.connect();
    assumeCapability(probe, Capability.DEAD_LETTER);
    String name = session.uniqueName();
    Broker broker = session.connect(deadLetterConfig(3));
    MessageQueue dlq = broker.queue(name + "-dlq");
    MessageQueue q = broker.queue(name);
    Envelope sent = Envelope.of("plain dead letter");
    q.push(sent);
    Envelope delivered = session.receive(q);
    Instant before = Instant.now();
    q.reject(delivered, false, null);
    Envelope dead = session.receive(dlq, "the dead letter");
    Instant after = Instant.now();
    // a minute either side: the provider may take the time on another host's clock
    assertThat(dead.property(DeadLetters.TIME)).as(DeadLetters.TIME).hasValueSatisfying(t ->
        assertThat(Instant.parse(t)).as("the dead-letter time").isBetween(before.minusSeconds(60), after.plusSeconds(60)));
    assertThat(dead.messageId()).isEqualTo(sent.messageId());
    assertThat(dead.bodyAsString()).isEqualTo("plain dead letter");
    assertThat(dead.partitionKey()).isEmpty();
    assertThat(dead.property(DeadLetters.REASON)).hasValueSatisfying(r -> assertThat(r).isNotBlank());
    assertThat(dead.property(DeadLetters.DELIVERY_ATTEMPTS)).contains("1");
  }

  @Test
  @DisplayName("5.5 a message near the maximum size is dead-lettered even with a huge reason (DEAD_LETTER)")
  void rule_5_5_largeMessageWithHugeReasonIsDeadLettered() {
    Broker probe = session.connect();
    assumeCapability(probe, Capability.DEAD_LETTER);
    String name = session.uniqueName();
    Broker broker = session.connect(deadLetterConfig(2));
    MessageQueue dlq = broker.queue(name + "-dlq");
    MessageQueue q = broker.queue(name);
    byte[] body = new byte[session.largeBodySize()];
    new Random(7).nextBytes(body);
    Envelope sent = Envelope.builder().body(body).messageId("tck-large-dl").build();
    q.push(sent);
    String hugeReason = "tck stack trace\n" + "\tat some.Frame(Source.java:1)\n".repeat(20_000);
    q.reject(session.receive(q), true, hugeReason);
    q.reject(session.receive(q), true, hugeReason);
    Envelope dead = session.receive(dlq);
    assertThat(dead.messageId()).isEqualTo(sent.messageId());
    assertThat(Arrays.equals(dead.body(), body)).as("the body, byte for byte").isTrue();
    assertThat(dead.property(DeadLetters.REASON)).hasValueSatisfying(r ->
        assertThat(r).startsWith("tck stack trace").hasSizeLessThanOrEqualTo(DeadLetters.MAX_REASON_LENGTH));
    assertThat(dead.property(DeadLetters.DELIVERY_ATTEMPTS)).contains("2");
    dlq.acknowledge(dead);
    session.assertNothingDelivered(q, "the message was dead-lettered at the limit");
  }

  @Test
  @DisplayName("5.7 a requeued message comes back no earlier than the retry policy's wait for its attempt")
  void rule_5_7_requeuedMessageWaitsForTheRetryPolicy() {
    Map<String, String> overrides = new HashMap<>(maxAttempts(5));
    overrides.put(ConfigKeys.RETRY_INITIAL_DELAY, "400ms");
    overrides.put(ConfigKeys.RETRY_MULTIPLIER, "2");
    overrides.put(ConfigKeys.RETRY_MAX_DELAY, "800ms");
    MessageQueue q = session.connect(overrides).queue(session.uniqueName());
    q.push(message("retry-policy"));
    Envelope e = session.receive(q);
    for (long waitMillis : new long[] {400, 800, 800}) {
      long rejected = System.nanoTime();
      q.reject(e, true, "tck: retry later");
      e = session.receive(q, "the message rejected at attempt " + e.deliveryAttempt());
      long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - rejected);
      assertThat(waited).as("ms before attempt %d came back; the retry policy waits %d ms",
          e.deliveryAttempt(), waitMillis).isGreaterThanOrEqualTo(waitMillis);
    }
    assertThat(e.deliveryAttempt()).isEqualTo(4);
    q.acknowledge(e);
  }

  @Test
  @DisplayName("5.7 reject with a delay waits that long; a zero delay comes back at once; a negative one is refused")
  void rule_5_7_rejectWithADelayWaitsThatLong() {
    MessageQueue q = session.connect(maxAttempts(5)).queue(session.uniqueName());
    q.push(message("retry-delay"));
    Envelope e = session.receive(q);
    long rejected = System.nanoTime();
    q.reject(e, Duration.ofMillis(700), "tck: retry in 700 ms");
    Envelope again = session.receive(q, "the message rejected with a delay of 700 ms");
    long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - rejected);
    assertThat(waited).as("ms before the message rejected with a 700 ms delay came back")
        .isGreaterThanOrEqualTo(700);
    assertThat(again.deliveryAttempt()).isEqualTo(2);
    q.reject(again, Duration.ZERO, "tck: retry at once");
    Envelope third = session.receive(q, "the message rejected with a zero delay");
    assertThat(third.deliveryAttempt()).isEqualTo(3);
    assertThat(catchThrowable(() -> q.reject(third, Duration.ofMillis(-1), "tck")))
        .as("reject with a negative delay").isInstanceOf(IllegalArgumentException.class);
    q.acknowledge(third);
    session.assertNothingDelivered(q, "the third delivery was acknowledged");
  }

  @Test
  @DisplayName("5.8 while a message waits for its retry, other keys and keyless messages are delivered")
  void rule_5_8_otherMessagesFlowWhileOneWaits() {
    MessageQueue q = session.connect(maxAttempts(5)).queue(session.uniqueName());
    q.push(keyed("waiting-key", "waits"));
    Envelope waiting = session.receive(q);
    q.reject(waiting, Duration.ofMinutes(10), "tck: retry much later");
    q.push(keyed("other-key", "other"));
    q.push(message("keyless"));
    assertThat(session.receiveAndAck(q, 2, "the messages pushed while another waits for its retry"))
        .as("the messages pushed while another waits for its retry")
        .extracting(Envelope::bodyAsString).containsExactlyInAnyOrder("other", "keyless");
  }

  @Test
  @DisplayName("5.8 while a message waits for its retry, later messages of its key wait behind it")
  void rule_5_8_laterMessagesOfItsKeyWaitBehindIt() {
    Broker broker = session.connect(maxAttempts(5));
    assumeCapability(broker, Capability.ORDERING_BY_KEY);
    MessageQueue q = broker.queue(session.uniqueName());
    q.push(keyed("held-key", "first"));
    q.push(keyed("held-key", "second"));
    Envelope first = session.receive(q);
    assertThat(first.bodyAsString()).isEqualTo("first");
    q.reject(first, Duration.ofMinutes(10), "tck: retry much later");
    session.assertNothingDelivered(q, "the key's first message waits for its retry, the second behind it");
  }

  @Test
  @DisplayName("5.9 at the attempt limit a reject with a delay dead-letters at once")
  void rule_5_9_atTheLimitADelayedRejectDeadLettersAtOnce() {
    Broker broker = session.connect(deadLetterConfig(2));
    assumeCapability(broker, Capability.DEAD_LETTER);
    String name = session.uniqueName();
    MessageQueue q = broker.queue(name);
    MessageQueue dlq = broker.queue(name + "-dlq");
    q.push(message("delayed-at-limit"));
    q.reject(session.receive(q), Duration.ZERO, "tck: attempt 1");
    Envelope last = session.receive(q, "attempt 2, the last");
    q.reject(last, Duration.ofMinutes(10), "tck: at the limit");
    Envelope dead = session.receive(dlq, "the dead letter of a delayed reject at the attempt limit");
    assertThat(dead.messageId()).isEqualTo(last.messageId());
    assertThat(dead.property(DeadLetters.REASON)).contains("tck: at the limit");
    dlq.acknowledge(dead);
    session.assertNothingDelivered(q, "the message was dead-lettered at the limit");
  }

  private Map<String, String> deadLetterConfig(int attempts) {
    Map<String, String> overrides = new HashMap<>(maxAttempts(attempts));
    overrides.put(ConfigKeys.DEAD_LETTER_QUEUE, "{queue}-dlq");
    return overrides;
  }

  private static Envelope original(String id) {
    return Envelope.builder().body(new byte[] {1, 2, 3, 0, (byte) 200}).messageId(id).partitionKey("dl-key")
        .property("origin", "tck").property("unicode", "\u65e5\u672c").build();
  }

  private static void assertDeadLetter(Envelope dead, Envelope sent, String queue, String group, int attempts) {
    assertThat(dead.messageId()).as("message id").isEqualTo(sent.messageId());
    assertThat(dead.body()).as("body").isEqualTo(sent.body());
    assertThat(dead.partitionKey()).as("partition key").isEqualTo(sent.partitionKey());
    assertThat(dead.properties()).as("original properties").containsAllEntriesOf(sent.properties());
    assertThat(dead.property(DeadLetters.SOURCE_QUEUE)).as(DeadLetters.SOURCE_QUEUE).contains(queue);
    assertThat(dead.property(DeadLetters.SOURCE_GROUP)).as(DeadLetters.SOURCE_GROUP).contains(group);
    assertThat(dead.property(DeadLetters.DELIVERY_ATTEMPTS)).as(DeadLetters.DELIVERY_ATTEMPTS)
        .contains(Integer.toString(attempts));
    assertThat(dead.property(DeadLetters.REASON)).as(DeadLetters.REASON).isPresent();
    assertThat(dead.deliveryAttempt()).as("attempt on the dead-letter queue").isEqualTo(1);
  }
}
