package dev.mq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SubscriptionOptionsTest {

  @Test
  void defaults() {
    SubscriptionOptions o = SubscriptionOptions.defaults();
    assertThat(o.concurrency()).isEqualTo(1);
    assertThat(o.closeTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(o.pollWait()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void rejectsOutOfRangeValues() {
    SubscriptionOptions.Builder b = SubscriptionOptions.builder();
    assertThatThrownBy(() -> b.concurrency(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.concurrency(SubscriptionOptions.MAX_CONCURRENCY + 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.closeTimeout(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.pollWait(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.pollWait(Duration.ofMinutes(2))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.closeTimeout(null)).isInstanceOf(NullPointerException.class);
  }
}
