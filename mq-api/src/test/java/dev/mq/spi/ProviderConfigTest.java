package dev.mq.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mq.ConfigurationException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProviderConfigTest {

  enum Mode { TRIM_HORIZON, LATEST }

  private static ProviderConfig config(Map<String, String> values) {
    return new ProviderConfig("p", values, Set.of("secret"));
  }

  @Test
  void typedGettersReadTheNamespaceAndFallBackToDefaults() {
    ProviderConfig c = config(Map.of("mq.p.n", " 42 ", "mq.p.flag", "TRUE", "mq.p.mode", "trim-horizon",
        "mq.p.wait", "250ms", "mq.p.big", "1_000_000"));
    assertThat(c.intValue("n", 1, 0, 100)).isEqualTo(42);
    assertThat(c.intValue("absent", 7, 0, 100)).isEqualTo(7);
    assertThat(c.longValue("big", 0, 0, Long.MAX_VALUE)).isEqualTo(1_000_000L);
    assertThat(c.booleanValue("flag", false)).isTrue();
    assertThat(c.enumValue("mode", Mode.class, Mode.LATEST)).isEqualTo(Mode.TRIM_HORIZON);
    assertThat(c.duration("wait", Duration.ZERO, Duration.ZERO, Duration.ofHours(1))).isEqualTo(Duration.ofMillis(250));
    assertThat(c.string("absent", "d")).isEqualTo("d");
    assertThat(c.fullKey("x")).isEqualTo("mq.p.x");
  }

  @Test
  void durationForms() {
    Duration max = ChronoUnit.DAYS.getDuration();
    assertThat(config(Map.of("mq.p.d", "2s")).duration("d", null, Duration.ZERO, max)).isEqualTo(Duration.ofSeconds(2));
    assertThat(config(Map.of("mq.p.d", "3m")).duration("d", null, Duration.ZERO, max)).isEqualTo(Duration.ofMinutes(3));
    assertThat(config(Map.of("mq.p.d", "1h")).duration("d", null, Duration.ZERO, max)).isEqualTo(Duration.ofHours(1));
    assertThat(config(Map.of("mq.p.d", "PT5S")).duration("d", null, Duration.ZERO, max)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void malformedValuesNameTheKeyAndTheValue() {
    ProviderConfig c = config(Map.of("mq.p.n", "x1", "mq.p.range", "101", "mq.p.flag", "yes",
        "mq.p.mode", "oldest", "mq.p.wait", "soon", "mq.p.long", "2h"));
    assertThatThrownBy(() -> c.intValue("n", 1, 0, 100)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("mq.p.n").hasMessageContaining("'x1'");
    assertThatThrownBy(() -> c.intValue("range", 1, 0, 100)).hasMessageContaining("mq.p.range")
        .hasMessageContaining("'101'").hasMessageContaining("0 to 100");
    assertThatThrownBy(() -> c.booleanValue("flag", false)).hasMessageContaining("'yes'");
    assertThatThrownBy(() -> c.enumValue("mode", Mode.class, Mode.LATEST)).hasMessageContaining("'oldest'")
        .hasMessageContaining("trim-horizon, latest");
    assertThatThrownBy(() -> c.duration("wait", Duration.ZERO, Duration.ZERO, Duration.ofHours(1)))
        .hasMessageContaining("mq.p.wait").hasMessageContaining("'soon'");
    assertThatThrownBy(() -> c.duration("long", Duration.ZERO, Duration.ZERO, Duration.ofHours(1)))
        .hasMessageContaining("'2h'");
  }

  @Test
  void secretValuesAreNeverShown() {
    ProviderConfig c = config(Map.of("mq.p.secret", "hunter2-not-a-number", "mq.p.region", "eu-west-1"));
    assertThat(c.toString()).doesNotContain("hunter2").contains("****").contains("eu-west-1");
    assertThatThrownBy(() -> c.intValue("secret", 0, 0, 1)).hasMessageContaining("mq.p.secret")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
  }

  @Test
  void commonKeys() {
    assertThat(config(Map.of()).maxDeliveryAttempts()).isEqualTo(3);
    assertThat(config(Map.of("mq.max-delivery-attempts", "5")).maxDeliveryAttempts()).isEqualTo(5);
    assertThatThrownBy(() -> config(Map.of("mq.max-delivery-attempts", "0")).maxDeliveryAttempts())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("mq.max-delivery-attempts");
    assertThat(config(Map.of()).deadLetterQueue("orders")).isEmpty();
    assertThat(config(Map.of("mq.dead-letter-queue", "{queue}-dlq")).deadLetterQueue("orders")).contains("orders-dlq");
    assertThat(config(Map.of("mq.dead-letter-queue", "dead")).deadLetterQueue("orders")).contains("dead");
    assertThat(config(Map.of("mq.dead-letter-queue", "dead")).deadLetterQueue("dead")).isEmpty();
  }
}
