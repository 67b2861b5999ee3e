package dev.mq.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mq.ConfigurationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  @Test
  void delaysGrowByTheMultiplierUpToTheMaximum() {
    RetryPolicy p = new RetryPolicy(Duration.ofMillis(100), 3.0, Duration.ofSeconds(1));
    assertThat(p.delayAfter(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(p.delayAfter(2)).isEqualTo(Duration.ofMillis(300));
    assertThat(p.delayAfter(3)).isEqualTo(Duration.ofMillis(900));
    assertThat(p.delayAfter(4)).isEqualTo(Duration.ofSeconds(1));
    assertThat(p.delayAfter(1000)).isEqualTo(Duration.ofSeconds(1));
    assertThat(RetryPolicy.IMMEDIATE.delayAfter(7)).isZero();
    assertThatThrownBy(() -> p.delayAfter(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void defaultsAreOneSecondDoublingUpToTenSeconds() {
    RetryPolicy p = ProviderConfig.of("x", Map.of()).retryPolicy();
    assertThat(p).isEqualTo(RetryPolicy.DEFAULT);
    assertThat(p.delayAfter(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(p.delayAfter(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(p.delayAfter(5)).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void keysAreRead() {
    RetryPolicy p = ProviderConfig.of("x", Map.of("mq.retry.initial-delay", "0ms",
        "mq.retry.multiplier", "1.5", "mq.retry.max-delay", "2s")).retryPolicy();
    assertThat(p).isEqualTo(new RetryPolicy(Duration.ZERO, 1.5, Duration.ofSeconds(2)));
    // a first delay over the default maximum raises the maximum with it
    assertThat(ProviderConfig.of("x", Map.of("mq.retry.initial-delay", "30s")).retryPolicy().maxDelay())
        .isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void malformedValuesNameKeyAndValue() {
    for (String[] kv : new String[][] {
        {"mq.retry.initial-delay", "soon"}, {"mq.retry.initial-delay", "-1s"},
        {"mq.retry.initial-delay", "2h"}, {"mq.retry.multiplier", "0.5"},
        {"mq.retry.multiplier", "NaN"}, {"mq.retry.multiplier", "two"},
        {"mq.retry.multiplier", "101"}, {"mq.retry.max-delay", "5m5"}}) {
      assertThatThrownBy(() -> ProviderConfig.of("x", Map.of(kv[0], kv[1])).retryPolicy())
          .as("%s=%s", kv[0], kv[1])
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining(kv[0]).hasMessageContaining(kv[1]);
    }
    assertThatThrownBy(() -> ProviderConfig.of("x", Map.of("mq.retry.initial-delay", "5s",
        "mq.retry.max-delay", "1s")).retryPolicy())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("mq.retry.max-delay").hasMessageContaining("1s");
  }

  @Test
  void theConstructorRefusesWhatCannotBeAPolicy() {
    assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(-1), 2, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(2), 2, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryPolicy(Duration.ZERO, 0.9, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryPolicy(Duration.ZERO, Double.NaN, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aRequeueDelayIsCheckedAndSaturated() {
    assertThat(RetryPolicy.requeueDelayNanos(Duration.ofMillis(3))).isEqualTo(3_000_000L);
    assertThat(RetryPolicy.requeueDelayNanos(Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
    assertThatThrownBy(() -> RetryPolicy.requeueDelayNanos(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
    assertThatThrownBy(() -> RetryPolicy.requeueDelayNanos(null)).isInstanceOf(NullPointerException.class);
  }
}
