package dev.mq.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mq.Broker;
import dev.mq.MessageQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {

  private final Broker broker = Brokers.connect();

  @AfterEach
  void close() {
    broker.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "has space", "slash/name", "ümlaut", "colon:name", "star*"})
  void invalidQueueNameIsRejectedNamingIt(String name) {
    assertThatThrownBy(() -> broker.queue(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + name + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "has space", "tab\t", "a,b"})
  void invalidGroupNameIsRejectedNamingIt(String group) {
    assertThatThrownBy(() -> broker.queue("orders", group))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + group + "'");
  }

  @Test
  void lengthLimitIs255() {
    String longest = "a".repeat(255);
    try (MessageQueue q = broker.queue(longest, "b".repeat(255))) {
      assertThat(q.name()).isEqualTo(longest);
    }
    assertThatThrownBy(() -> broker.queue("a".repeat(256)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> broker.queue("q", "b".repeat(256)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void allAllowedCharactersWork() {
    try (MessageQueue q = broker.queue("Az09._-", "Group.1_x-y")) {
      assertThat(q.consumerGroup()).isEqualTo("Group.1_x-y");
    }
  }

  @Test
  void nullNamesAreNullPointerExceptions() {
    assertThatThrownBy(() -> broker.queue(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> broker.queue("q", null)).isInstanceOf(NullPointerException.class);
  }
}
