package dev.mq.kinesis.internal.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProducerSettingsTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    ProducerSettings s = ProducerSettings.defaults();
    assertThat(s.linger()).isEqualTo(Duration.ofMillis(5));
    assertThat(s.maxRecordsPerRequest()).isEqualTo(500);
    assertThat(s.maxBytesPerRequest()).isEqualTo(5L * 1024 * 1024);
    assertThat(s.maxRecordBytes()).isEqualTo(1024 * 1024);
    assertThat(s.maxAttempts()).isEqualTo(10);
    assertThat(s.maxRetryTime()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.baseBackoff()).isEqualTo(Duration.ofMillis(50));
    assertThat(s.maxBackoff()).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.maxConcurrentRequests()).isEqualTo(8);
    assertThat(s.maxBufferedRecords()).isEqualTo(10_000);
    assertThat(s.maxBufferedBytes()).isEqualTo(64L * 1024 * 1024);
    assertThat(s.bufferFullWait()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.closeTimeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void outOfRangeValuesAreRefusedByName() {
    assertThatThrownBy(() -> ProducerSettings.builder().maxRecordsPerRequest(501))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRecordsPerRequest");
    assertThatThrownBy(() -> ProducerSettings.builder().maxBytesPerRequest(6L * 1024 * 1024))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBytesPerRequest");
    assertThatThrownBy(() -> ProducerSettings.builder().linger(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("linger");
    assertThatThrownBy(() -> ProducerSettings.builder().maxAttempts(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> ProducerSettings.builder().baseBackoff(Duration.ofSeconds(3)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBackoff");
    assertThatThrownBy(() -> ProducerSettings.builder().maxBytesPerRequest(2048).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRecordBytes");
    assertThatThrownBy(() -> ProducerSettings.builder().linger(null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void backoffGrowsExponentiallyUpToTheCapWithJitterBelowTheCeiling() {
    Backoff b = new Backoff(Duration.ofMillis(10), Duration.ofMillis(100));
    assertThat(b.ceilingNanos(1)).isEqualTo(Duration.ofMillis(10).toNanos());
    assertThat(b.ceilingNanos(2)).isEqualTo(Duration.ofMillis(20).toNanos());
    assertThat(b.ceilingNanos(4)).isEqualTo(Duration.ofMillis(80).toNanos());
    assertThat(b.ceilingNanos(5)).isEqualTo(Duration.ofMillis(100).toNanos());
    assertThat(b.ceilingNanos(80)).isEqualTo(Duration.ofMillis(100).toNanos());
    long min = Long.MAX_VALUE;
    long max = 0;
    for (int i = 0; i < 2_000; i++) {
      long d = b.delayNanos(3);
      assertThat(d).isBetween(0L, Duration.ofMillis(40).toNanos());
      min = Math.min(min, d);
      max = Math.max(max, d);
    }
    // full jitter spreads over the whole range, not just near the ceiling
    assertThat(min).isLessThan(Duration.ofMillis(10).toNanos());
    assertThat(max).isGreaterThan(Duration.ofMillis(30).toNanos());
  }
}
