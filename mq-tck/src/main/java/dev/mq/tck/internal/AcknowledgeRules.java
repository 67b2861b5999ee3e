package dev.mq.tck.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.mq.Broker;
import dev.mq.Capability;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.spi.Deliveries;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Rules 4.x: acknowledge. */
public abstract class AcknowledgeRules extends RuleTests {

  /**
   * The tests, for {@code fixture}.
   *
   * @param fixture the provider's hooks, from {@code MessageQueueTck}
   */
  protected AcknowledgeRules(TckFixture fixture) {
    super(fixture);
  }

  @Test
  @DisplayName("4.1 an acknowledged message is not delivered again, not even to a new instance")
  void rule_4_1_acknowledgedMessageIsNotDeliveredAgain() {
    Broker broker = session.connect();
    String name = session.uniqueName();
    MessageQueue q = broker.queue(name);
    q.push(message("ack-me"));
    q.acknowledge(session.receive(q));
    session.assertNothingDelivered(q, "the message was acknowledged");
    q.close();
    session.assertNothingDelivered(broker.queue(name), "the message was acknowledged before the close");
  }

  @Test
  @DisplayName("4.2 acknowledging the same delivery twice is harmless")
  void rule_4_2_doubleAcknowledgeIsHarmless() {
    MessageQueue q = session.connect().queue(session.uniqueName());
    q.push(message("twice"));
    Envelope e = session.receive(q);
    q.acknowledge(e);
    q.acknowledge(e);
    session.assertNothingDelivered(q, "the message was acknowledged");
    q.push(message("next"));
    Envelope next = session.receive(q);
    assertThat(next.bodyAsString()).isEqualTo("next");
    q.acknowledge(next);
  }

  @Test
  @DisplayName("4.2 settling a settled delivery does nothing, and never settles a later delivery of the message")
  void rule_4_2_settledDeliveryIsNotSettledAgain() {
    MessageQueue q = session.connect(maxAttempts(5)).queue(session.uniqueName());
    q.push(message("settled-once"));
    Envelope acked = session.receive(q);
    q.acknowledge(acked);
    q.reject(acked);
    q.reject(acked, false, "tck: rejecting an acknowledged delivery");
    q.acknowledge(acked);
    session.assertNothingDelivered(q, "the acknowledged message stays acknowledged");

    q.push(message("redelivered"));
    Envelope first = session.receive(q);
    q.reject(first);
    Envelope second = session.receive(q, "the requeued message");
    assertThat(second.messageId()).isEqualTo(first.messageId());
    assertThat(second.deliveryAttempt()).isEqualTo(2);
    q.acknowledge(first);
    q.reject(first, false, "tck: a stale delivery");
    q.reject(second);
    Envelope third = session.receive(q, "the message again: a stale delivery's acknowledge or reject settled its "
        + "later delivery");
    assertThat(third.messageId()).as("the stale acknowledge left the second delivery unsettled")
        .isEqualTo(first.messageId());
    assertThat(third.deliveryAttempt()).isEqualTo(3);
    q.acknowledge(third);
    session.assertNothingDelivered(q, "the third delivery was acknowledged");
  }

  @Test
  @DisplayName("4.3 acknowledging or rejecting an envelope the queue never delivered is IllegalArgumentException")
  void rule_4_3_undeliveredEnvelopeIsIllegalArgument() {
    MessageQueue q = session.connect().queue(session.uniqueName());
    Envelope built = message("never-delivered");
    assertRefused(q, built);
    assertStillWorks(q);
  }

  @Test
  @DisplayName("4.3 an envelope with a forged delivery tag is IllegalArgumentException; the real one still works")
  void rule_4_3_forgedDeliveryTagIsIllegalArgument() {
    MessageQueue q = session.connect().queue(session.uniqueName());
    q.push(message("real"));
    Envelope real = session.receive(q);
    // only a provider can set a tag (dev.mq.spi.Deliveries): a buggy or foreign one might forge it
    Envelope forged = Deliveries.deliver(real, real.deliveryAttempt(), "tck-forged-" + real.deliveryTag().orElse(""));
    assertRefused(q, forged);
    Envelope forgedNoTag = real.toBuilder().build();
    assertRefused(q, forgedNoTag);
    q.acknowledge(real);
    session.assertNothingDelivered(q, "the real delivery was acknowledged");
    assertStillWorks(q);
  }

  @Test
  @DisplayName("4.3 an envelope delivered by another queue is IllegalArgumentException; both queues keep working")
  void rule_4_3_envelopeOfAnotherQueueIsIllegalArgument() {
    Broker broker = session.connect();
    MessageQueue q = broker.queue(session.uniqueName());
    MessageQueue other = broker.queue(session.uniqueName());
    other.push(message("other-queue"));
    Envelope foreign = session.receive(other);
    assertRefused(q, foreign);
    session.assertNothingDelivered(other, "the foreign delivery is still held by its own queue");
    other.acknowledge(foreign);
    session.assertNothingDelivered(other, "the message was acknowledged by its own queue");
    assertStillWorks(q);
    assertStillWorks(other);
  }

  @Test
  @DisplayName("4.3 an envelope delivered by another broker connection is IllegalArgumentException")
  void rule_4_3_envelopeOfAnotherBrokerIsIllegalArgument() {
    String name = session.uniqueName();
    Broker owner = session.connect();
    MessageQueue q = owner.queue(name);
    Broker stranger = session.connect();
    MessageQueue strangersQueue = stranger.queue(name);
    q.push(message("owned-by-the-first-connection"));
    Envelope held = session.receive(q);
    assertRefused(strangersQueue, held);
    Envelope copied = Deliveries.deliver(Envelope.builder().body(held.body()).messageId(held.messageId()).build(),
        held.deliveryAttempt(), held.deliveryTag().orElse("tck"));
    assertRefused(strangersQueue, copied);
    strangersQueue.close();
    q.acknowledge(held);
    session.assertNothingDelivered(q, "the message was acknowledged by its own connection");
    assertStillWorks(q);
  }

  @Test
  @DisplayName("4.3 an envelope delivered by another instance of the queue is IllegalArgumentException")
  void rule_4_3_envelopeOfAnotherInstanceIsIllegalArgument() {
    Broker broker = session.connect();
    String name = session.uniqueName();
    MessageQueue holder = broker.queue(name);
    MessageQueue other = broker.queue(name);
    holder.push(message("held-by-holder"));
    Envelope held = session.receive(holder);
    assertRefused(other, held);
    session.assertNothingDelivered(other, "the message is still held by the instance that received it");
    holder.acknowledge(held);
    session.assertNothingDelivered(holder, "the message was acknowledged");
    assertStillWorks(other);
  }

  @Test
  @DisplayName("4.4 acknowledgements out of order lose nothing: only the unacknowledged message comes back")
  void rule_4_4_outOfOrderAcknowledgementsKeepTheGap() {
    Broker broker = session.connect();
    String name = session.uniqueName();
    MessageQueue q = broker.queue(name);
    for (int i = 0; i < 6; i++) {
      q.push(message("ooo-" + i));
    }
    List<Envelope> got = new ArrayList<>(session.receive(q, 6));
    Envelope gap = got.remove(2);
    Collections.reverse(got);
    got.forEach(q::acknowledge);
    q.close();
    MessageQueue reopened = broker.queue(name);
    Envelope back = session.receive(reopened, "the one unacknowledged message, between acknowledged ones");
    assertThat(back.messageId()).as("the only unacknowledged message").isEqualTo(gap.messageId());
    reopened.acknowledge(back);
    session.assertNothingDelivered(reopened, "everything else was acknowledged");
  }

  @Test
  @DisplayName("4.4 acknowledgements in reverse order: nothing acknowledged comes back")
  void rule_4_4_reverseOrderAcknowledgements() {
    Broker broker = session.connect();
    String name = session.uniqueName();
    MessageQueue q = broker.queue(name);
    for (int i = 0; i < 10; i++) {
      q.push(message("rev-" + i));
    }
    List<Envelope> got = new ArrayList<>(session.receive(q, 10));
    Collections.reverse(got);
    got.forEach(q::acknowledge);
    session.assertNothingDelivered(q, "all ten were acknowledged");
    q.close();
    session.assertNothingDelivered(broker.queue(name), "all ten were acknowledged before the close");
  }

  @Test
  @DisplayName("4.5 an acknowledged message stays acknowledged after a restart (DURABLE)")
  void rule_4_5_acknowledgementSurvivesRestart() throws Exception {
    Broker broker = session.connect();
    assumeCapability(broker, Capability.DURABLE);
    String name = session.uniqueName();
    MessageQueue q = broker.queue(name);
    q.push(message("durable-a"));
    q.push(message("durable-b"));
    Envelope acked = session.receive(q);
    q.acknowledge(acked);
    broker.close();
    session.restartBroker();
    MessageQueue after = session.connect().queue(name);
    Envelope back = session.receive(after, "the unacknowledged message after the restart");
    assertThat(back.messageId()).as("the unacknowledged message").isNotEqualTo(acked.messageId());
    after.acknowledge(back);
    session.assertNothingDelivered(after, "the acknowledged message stays acknowledged");
  }

  @Test
  @DisplayName("4.6 acknowledgeAll acknowledges each listed message and only those")
  void rule_4_6_acknowledgeAllSettlesExactlyTheListedMessages() {
    Broker broker = session.connect();
    String name = session.uniqueName();
    MessageQueue q = broker.queue(name);
    for (int i = 0; i < 6; i++) {
      q.push(message("all-" + i));
    }
    List<Envelope> got = new ArrayList<>(session.receive(q, 6));
    Envelope keptA = got.remove(1);
    Envelope keptB = got.remove(3);
    q.acknowledgeAll(got);
    session.assertNothingDelivered(q, "the two messages left out of the list are still held");
    q.close();
    MessageQueue reopened = broker.queue(name);
    List<Envelope> back = session.receive(reopened, 2, "the two messages left out of acknowledgeAll, after the close");
    assertThat(back).extracting(Envelope::messageId).as("the messages that came back: only those left out of the list")
        .containsExactlyInAnyOrder(keptA.messageId(), keptB.messageId());
    reopened.acknowledgeAll(back);
    session.assertNothingDelivered(reopened, "every message was acknowledged");
  }

  @Test
  @DisplayName("4.6 acknowledgeAll of an empty list does nothing; a repeated or settled envelope is harmless")
  void rule_4_6_emptyListsAndRepeatsAreHarmless() {
    Broker broker = session.connect();
    String name = session.uniqueName();
    MessageQueue q = broker.queue(name);
    q.acknowledgeAll(List.of());
    q.push(message("repeat-a"));
    q.push(message("repeat-b"));
    List<Envelope> got = session.receive(q, 2);
    Envelope a = got.get(0);
    Envelope b = got.get(1);
    q.acknowledge(a);
    q.acknowledgeAll(List.of(a, b, b));
    q.acknowledgeAll(List.of(b, a));
    q.acknowledgeAll(List.of());
    session.assertNothingDelivered(q, "both messages were acknowledged");
    q.close();
    session.assertNothingDelivered(broker.queue(name), "both messages were acknowledged before the close");
  }

  @Test
  @DisplayName("4.6 acknowledgeAll with an envelope the queue never delivered is IllegalArgumentException")
  void rule_4_6_foreignEnvelopeInTheListIsIllegalArgument() {
    Broker broker = session.connect();
    String name = session.uniqueName();
    MessageQueue q = broker.queue(name);
    q.push(message("listed-a"));
    q.push(message("listed-b"));
    List<Envelope> got = session.receive(q, 2);
    List<Envelope> withForeign = List.of(got.get(0), message("never-delivered"), got.get(1));
    assertThatCode(() -> q.acknowledgeAll(withForeign)).as("acknowledgeAll of a list with a foreign envelope")
        .isInstanceOf(IllegalArgumentException.class);
    q.acknowledgeAll(got);
    session.assertNothingDelivered(q, "both delivered messages were acknowledged after the refused call");
    q.close();
    MessageQueue reopened = broker.queue(name);
    session.assertNothingDelivered(reopened, "both delivered messages were acknowledged before the close");
    assertStillWorks(reopened);
  }

  private static void assertRefused(MessageQueue q, Envelope e) {
    assertThatCode(() -> q.acknowledge(e)).as("acknowledge of a foreign envelope %s", e)
        .isInstanceOf(IllegalArgumentException.class);
    assertThatCode(() -> q.reject(e)).as("reject of a foreign envelope %s", e).isInstanceOf(IllegalArgumentException.class);
    assertThatCode(() -> q.reject(e, false, "tck")).as("reject(e, false) of a foreign envelope %s", e)
        .isInstanceOf(IllegalArgumentException.class);
  }

  private void assertStillWorks(MessageQueue q) {
    q.push(message("still-works"));
    Envelope e = session.receive(q);
    assertThat(e.bodyAsString()).isEqualTo("still-works");
    q.acknowledge(e);
    session.assertNothingDelivered(q, "the check message was acknowledged");
  }
}
