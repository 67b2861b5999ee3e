package dev.mq.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mq.Broker;
import dev.mq.Capability;
import dev.mq.ConfigurationException;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.MessageQueues;
import org.junit.jupiter.api.Test;

class ConfigurationTest {

  @Test
  void isFoundByNameAndDeclaresItsCapabilities() {
    assertThat(MessageQueues.providers()).contains("inmemory");
    try (Broker broker = Brokers.connect()) {
      assertThat(broker.provider()).isEqualTo("inmemory");
      assertThat(broker.capabilities()).containsExactlyInAnyOrder(Capability.ORDERING_BY_KEY,
          Capability.CONSUMER_GROUPS, Capability.DEAD_LETTER, Capability.COMPETING_CONSUMERS);
      assertThat(broker.defaultConsumerGroup()).isEqualTo("default");
    }
  }

  @Test
  void defaultConsumerGroupIsConfigurable() {
    try (Broker broker = Brokers.connect("mq.inmemory.default-consumer-group", "billing");
        MessageQueue q = broker.queue(Brokers.uniqueName("q"))) {
      assertThat(broker.defaultConsumerGroup()).isEqualTo("billing");
      assertThat(q.consumerGroup()).isEqualTo("billing");
    }
  }

  @Test
  void unknownKeyIsNamedWithTheValidOnes() {
    assertThatThrownBy(() -> Brokers.connect("mq.inmemory.capacty", "10"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("mq.inmemory.capacty")
        .hasMessageContaining("mq.inmemory.capacity")
        .hasMessageContaining("mq.inmemory.push-timeout")
        .hasMessageContaining("mq.inmemory.max-message-size")
        .hasMessageContaining("mq.inmemory.default-consumer-group");
  }

  @Test
  void malformedCapacityIsNamedWithItsValue() {
    assertThatThrownBy(() -> Brokers.connect("mq.inmemory.capacity", "lots"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("mq.inmemory.capacity").hasMessageContaining("lots");
    assertThatThrownBy(() -> Brokers.connect("mq.inmemory.capacity", "0"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("mq.inmemory.capacity");
    assertThatThrownBy(() -> Brokers.connect("mq.inmemory.capacity", "100000001"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("100000001");
  }

  @Test
  void malformedPushTimeoutIsNamedWithItsValue() {
    assertThatThrownBy(() -> Brokers.connect("mq.inmemory.push-timeout", "soon"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("mq.inmemory.push-timeout").hasMessageContaining("soon");
    assertThatThrownBy(() -> Brokers.connect("mq.inmemory.push-timeout", "-1s"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("-1s");
    assertThatThrownBy(() -> Brokers.connect("mq.inmemory.push-timeout", "2h"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("2h");
  }

  @Test
  void malformedMaxMessageSizeIsNamedWithItsValue() {
    assertThatThrownBy(() -> Brokers.connect("mq.inmemory.max-message-size", "104857601"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("mq.inmemory.max-message-size").hasMessageContaining("104857601");
    assertThatThrownBy(() -> Brokers.connect("mq.inmemory.max-message-size", "1MB"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("1MB");
  }

  @Test
  void invalidDefaultConsumerGroupIsNamedWithItsValue() {
    assertThatThrownBy(() -> Brokers.connect("mq.inmemory.default-consumer-group", "no spaces"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("mq.inmemory.default-consumer-group")
        .hasMessageContaining("no spaces");
  }

  @Test
  void malformedCommonKeysFailAtConnect() {
    assertThatThrownBy(() -> Brokers.connect("mq.max-delivery-attempts", "0"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("mq.max-delivery-attempts");
    assertThatThrownBy(() -> Brokers.connect("mq.dead-letter-queue", "{queue} dead"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("mq.dead-letter-queue").hasMessageContaining("q dead");
  }

  @Test
  void deadLetterTemplateTooLongForAQueueFailsThatQueueOnly() {
    try (Broker broker = Brokers.connect("mq.dead-letter-queue", "{queue}-dlq")) {
      String longName = "q".repeat(253);
      assertThatThrownBy(() -> broker.queue(longName))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("mq.dead-letter-queue");
      try (MessageQueue ok = broker.queue(Brokers.uniqueName("q"))) {
        ok.push(Envelope.of("still works"));
        assertThat(ok.dequeue()).isPresent();
      }
    }
  }

  @Test
  void configuredValuesTakeEffect() {
    try (Broker broker = Brokers.connect("mq.inmemory.capacity", "1_000",
        "mq.inmemory.max-message-size", "64", "mq.inmemory.push-timeout", "250ms");
        MessageQueue q = broker.queue(Brokers.uniqueName("q"))) {
      assertThatThrownBy(() -> q.push(Envelope.builder().messageId("m").body(new byte[64]).build()))
          .hasMessageContaining("limit of 64 bytes");
    }
  }
}
