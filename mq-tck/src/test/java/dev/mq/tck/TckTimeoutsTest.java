package dev.mq.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mq.internal.ConfigSources;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TckTimeoutsTest {

  private String saved;

  @BeforeEach
  void save() {
    saved = System.getProperty(TckTimeouts.FACTOR_PROPERTY);
  }

  @AfterEach
  void restore() {
    if (saved == null) {
      System.clearProperty(TckTimeouts.FACTOR_PROPERTY);
    } else {
      System.setProperty(TckTimeouts.FACTOR_PROPERTY, saved);
    }
  }

  @Test
  void factorScalesEveryWait() {
    TckTimeouts one = TckTimeouts.withFactor(1);
    TckTimeouts three = TckTimeouts.withFactor(3);
    assertThat(three.await()).isEqualTo(one.await().multipliedBy(3));
    assertThat(three.quiet()).isEqualTo(one.quiet().multipliedBy(3));
    assertThat(three.shutdown()).isEqualTo(one.shutdown().multipliedBy(3));
    assertThat(three.poll()).isEqualTo(one.poll().multipliedBy(3));
    assertThat(three.subscriptionClose()).isEqualTo(one.subscriptionClose().multipliedBy(3));
    assertThat(TckTimeouts.withFactor(0.5).await()).isEqualTo(one.await().dividedBy(2));
  }

  @Test
  void systemPropertySetsTheFactor() {
    System.setProperty(TckTimeouts.FACTOR_PROPERTY, "1000");
    assertThat(TckTimeouts.fromEnvironment().factor()).isEqualTo(1000); // the largest allowed, so it wins
    assertThat(TckTimeouts.fromEnvironment().await()).isEqualTo(Duration.ofSeconds(10_000));
  }

  @Test
  void withoutSettingsTheFactorIsOneOrTheEnvironmentsValue() {
    System.clearProperty(TckTimeouts.FACTOR_PROPERTY);
    String env = System.getenv(TckTimeouts.FACTOR_ENV);
    double expected = env == null || env.isBlank() ? 1 : Double.parseDouble(env.trim());
    assertThat(TckTimeouts.fromEnvironment().factor()).isEqualTo(expected);
  }

  @Test
  void malformedPropertyNamesPropertyAndValue() {
    System.setProperty(TckTimeouts.FACTOR_PROPERTY, "fast");
    assertThatThrownBy(TckTimeouts::fromEnvironment)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(TckTimeouts.FACTOR_PROPERTY)
        .hasMessageContaining("fast");
    System.setProperty(TckTimeouts.FACTOR_PROPERTY, "-2");
    assertThatThrownBy(TckTimeouts::fromEnvironment).hasMessageContaining("-2");
  }

  @Test
  void theFactorIsOutsideTheNamespaceThatConnectReads() {
    // connect() rejects unknown mq.* keys, so neither name may map to one
    Properties properties = new Properties();
    properties.setProperty(TckTimeouts.FACTOR_PROPERTY, "3");
    assertThat(ConfigSources.fromProperties(properties)).isEmpty();
    assertThat(ConfigSources.fromEnvironment(Map.of(TckTimeouts.FACTOR_ENV, "3"), Set.of("tck")))
        .isEmpty();
  }

  @Test
  void factorOutOfRangeIsRefused() {
    assertThatThrownBy(() -> TckTimeouts.withFactor(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TckTimeouts.withFactor(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TckTimeouts.withFactor(TckTimeouts.MAX_FACTOR + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
