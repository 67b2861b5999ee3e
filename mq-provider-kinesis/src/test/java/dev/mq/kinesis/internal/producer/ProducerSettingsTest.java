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
}
