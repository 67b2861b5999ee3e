package dev.mq.kinesis.internal.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConsumerNamesTest {

  @Test
  void theConsumerIsNamedAfterTheGroup() {
    assertThat(ConsumerNames.of("billing")).isEqualTo("mq-billing");
    assertThat(ConsumerNames.of("a.b_c-D9")).isEqualTo("mq-a.b_c-D9");
  }

  @Test
  void aGroupOf125CharactersMakesTheLongestConsumerName() {
    assertThat(ConsumerNames.of("g".repeat(125))).hasSize(128);
    assertThat(ConsumerNames.isValidGroup("g".repeat(126))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "billing team", "a/b", "grüße", "x:y"})
  void aGroupThatMakesNoConsumerNameIsRefusedByName(String group) {
    assertThat(ConsumerNames.isValidGroup(group)).isFalse();
    assertThatThrownBy(() -> ConsumerNames.of(group)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + group + "'").hasMessageContaining("125");
  }
}
