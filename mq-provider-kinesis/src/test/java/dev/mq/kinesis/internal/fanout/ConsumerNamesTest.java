package dev.mq.kinesis.internal.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
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
  void aGroupOf125CharactersMakesTheLongestPlainConsumerName() {
    assertThat(ConsumerNames.of("g".repeat(125))).isEqualTo("mq-" + "g".repeat(125));
  }

  @Test
  void longerGroupsGetAShortenedNameWithAHashThatTellsThemApart() {
    String a = ConsumerNames.of("g".repeat(126));
    String b = ConsumerNames.of("g".repeat(127));
    String c = ConsumerNames.of("g".repeat(255));
    assertThat(List.of(a, b, c)).allSatisfy(n -> {
      assertThat(n).hasSize(128).startsWith("mq-" + "g".repeat(108) + "-").matches("[a-zA-Z0-9_.-]+");
    });
    assertThat(a).isNotEqualTo(b).isNotEqualTo(c);
    assertThat(ConsumerNames.of("g".repeat(126))).isEqualTo(a); // the same in every process
    assertThatThrownBy(() -> ConsumerNames.of("g".repeat(256))).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "billing team", "a/b", "grüße", "x:y"})
  void aGroupThatMakesNoConsumerNameIsRefusedByName(String group) {
    assertThat(ConsumerNames.isValidGroup(group)).isFalse();
    assertThatThrownBy(() -> ConsumerNames.of(group)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + group + "'").hasMessageContaining("255");
  }
}
