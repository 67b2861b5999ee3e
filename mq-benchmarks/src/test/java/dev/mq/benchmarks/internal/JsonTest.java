package dev.mq.benchmarks.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

  @Test
  void readsEveryKindOfValue() {
    Object v = Json.parse(" { \"a\" : [1, -2.5e3, true, false, null, \"s\"], \"b\" : {}, \"c\" : [] } ");
    assertThat(v).isEqualTo(Map.of(
        "a", java.util.Arrays.asList(1.0, -2500.0, true, false, null, "s"),
        "b", Map.of(),
        "c", List.of()));
  }

  @Test
  void decodesEscapes() {
    assertThat(Json.parse("\"q\\\" b\\\\ s\\/ \\n\\t\\r\\b\\f \\u00e9\\u20ac\""))
        .isEqualTo("q\" b\\ s/ \n\t\r\b\f é€");
  }

  @Test
  void keepsMemberOrder() {
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) Json.parse("{\"z\":1,\"a\":2,\"m\":3}");
    assertThat(m.keySet()).containsExactly("z", "a", "m");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "{", "[1,", "{\"a\" 1}", "{a:1}", "\"open", "[1] x", "tru", "\"\\x\"",
      "\"\\u12\"", "\"\\uzzzz\"", "1.2.3", "@", "[1 2]"})
  void rejectsMalformedText(String text) {
    assertThatThrownBy(() -> Json.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid JSON at offset");
  }

  @Test
  void rejectsNestingDeeperThanTheLimit() {
    String deep = "[".repeat(Json.MAX_DEPTH + 2) + "]".repeat(Json.MAX_DEPTH + 2);
    assertThatThrownBy(() -> Json.parse(deep)).hasMessageContaining("nesting deeper than");
    String fine = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
    assertThat(Json.parse(fine)).isInstanceOf(List.class);
  }
}
