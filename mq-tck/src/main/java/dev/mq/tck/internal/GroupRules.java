package dev.mq.tck.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mq.Broker;
import dev.mq.Capability;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.spi.QueueProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Rules 9.x: declared capabilities and consumer groups. */
public abstract class GroupRules extends RuleTests {

  /**
   * The tests, for {@code fixture}.
   *
   * @param fixture the provider's hooks, from {@code MessageQueueTck}
   */
  protected GroupRules(TckFixture fixture) {
    super(fixture);
  }

  @Test
  @DisplayName("9.1 a broker declares only capabilities its provider lists")
  void rule_9_1_brokerCapabilitiesAreDeclaredByProvider() {
    Broker broker = session.connect();
    Optional<QueueProvider> provider = providerNamed(broker.provider());
    assumeTrue(provider.isPresent(), "provider '" + broker.provider() + "' is not on the ServiceLoader path");
    assertThat(provider.get().capabilities()).as("capabilities of provider %s", broker.provider())
        .containsAll(broker.capabilities());
  }

  @Test
  @DisplayName("9.1 without CONSUMER_GROUPS, a non-default group is UnsupportedOperationException")
  void rule_9_1_undeclaredConsumerGroupsAreRefused() {
    Broker broker = session.connect();
    assumeNoCapability(broker, Capability.CONSUMER_GROUPS, "rule 9.2");
    String name = session.uniqueName();
    assertThatCode(() -> broker.queue(name, session.uniqueName()))
        .isInstanceOf(UnsupportedOperationException.class);
    MessageQueue q = broker.queue(name, broker.defaultConsumerGroup());
    assertThat(q.consumerGroup()).isEqualTo(broker.defaultConsumerGroup());
  }

  @Test
  @DisplayName("9.2 a queue instance reports its name and group; queue(name) uses the default group")
  void rule_9_2_queueReportsNameAndGroup() {
    Broker broker = session.connect();
    String name = session.uniqueName();
    MessageQueue q = broker.queue(name);
    assertThat(q.name()).isEqualTo(name);
    assertThat(q.consumerGroup()).isEqualTo(broker.defaultConsumerGroup());
    assumeCapability(broker, Capability.CONSUMER_GROUPS);
    String group = session.uniqueName();
    assertThat(broker.queue(name, group).consumerGroup()).isEqualTo(group);
  }

  @Test
  @DisplayName("9.2 two consumer groups each receive every message (CONSUMER_GROUPS)")
  void rule_9_2_twoGroupsEachReceiveEverything() {
    Broker broker = session.connect();
    assumeCapability(broker, Capability.CONSUMER_GROUPS);
    String name = session.uniqueName();
    String blueGroup = session.uniqueName();
    String greenGroup = session.uniqueName();
    MessageQueue blue = broker.queue(name, blueGroup);
    MessageQueue green = broker.queue(name, greenGroup);
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Envelope e = message("fanout-" + i);
      sent.add(e.messageId());
      blue.push(e);
    }
    assertThat(session.receiveAndAck(blue, 10, "a message in group blue")).extracting(Envelope::messageId)
        .containsExactlyInAnyOrderElementsOf(sent);
    assertThat(session.receiveAndAck(green, 10, "a message in group green, which blue acknowledged"))
        .extracting(Envelope::messageId).containsExactlyInAnyOrderElementsOf(sent);
    session.assertNothingDelivered(blue, "group blue received each message once");
    session.assertNothingDelivered(green, "group green received each message once");
  }

  @Test
  @DisplayName("9.2 acknowledgements and rejects of one group do not affect the other (CONSUMER_GROUPS)")
  void rule_9_2_groupsSettleIndependently() {
    Broker broker = session.connect(maxAttempts(5));
    assumeCapability(broker, Capability.CONSUMER_GROUPS);
    String name = session.uniqueName();
    String blueGroup = session.uniqueName();
    String greenGroup = session.uniqueName();
    MessageQueue blue = broker.queue(name, blueGroup);
    MessageQueue green = broker.queue(name, greenGroup);
    Envelope sent = message("independent");
    blue.push(sent);
    blue.acknowledge(session.receive(blue));
    Envelope greenFirst = session.receive(green, "the message in group green, which blue acknowledged");
    assertThat(greenFirst.deliveryAttempt()).as("green's first attempt").isEqualTo(1);
    green.reject(greenFirst);
    Envelope greenAgain = session.receive(green);
    assertThat(greenAgain.messageId()).isEqualTo(sent.messageId());
    assertThat(greenAgain.deliveryAttempt()).isEqualTo(2);
    session.assertNothingDelivered(blue, "blue acknowledged it; green's reject is green's affair");
    green.reject(greenAgain, false, "tck: green gives up");
    session.assertNothingDelivered(green, "green rejected it without requeue");
    session.assertNothingDelivered(blue, "blue acknowledged it");
  }
}
