package dev.mq.kinesis.internal.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mq.ConfigurationException;
import dev.mq.kinesis.internal.config.KinesisConfig;
import dev.mq.kinesis.internal.config.ProducerSettings;
import dev.mq.spi.ProviderConfig;
import java.time.Duration;
import java.util.Map;
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

  private static ProducerSettings fromKey(String key, String value) {
    return new KinesisConfig(ProviderConfig.of("kinesis", Map.of("mq.kinesis." + key, value))).producer();
  }

  @Test
  void outOfRangeValuesAreRefusedByKey() {
    assertThatThrownBy(() -> fromKey("producer-max-records-per-request", "501"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("mq.kinesis.producer-max-records-per-request");
    assertThatThrownBy(() -> fromKey("producer-max-bytes-per-request", Long.toString(6L * 1024 * 1024)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("mq.kinesis.producer-max-bytes-per-request");
    assertThatThrownBy(() -> fromKey("producer-linger", "11s"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("mq.kinesis.producer-linger");
    assertThatThrownBy(() -> fromKey("producer-max-attempts", "0"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("mq.kinesis.producer-max-attempts");
    assertThatThrownBy(() -> fromKey("producer-base-backoff", "3s"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("do not fit together")
        .hasMessageContaining("maxBackoff");
    assertThatThrownBy(() -> fromKey("producer-max-bytes-per-request", "2048"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("maxRecordBytes");
    assertThatThrownBy(() -> fromKey("request-timeout", "8m"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("the mq.kinesis.producer-* settings do not fit together: requestTimeout must be "
            + "from PT0.1S to PT5M: PT8M");
    assertThatThrownBy(() -> ProducerSettings.builder().linger(null))
        .isInstanceOf(NullPointerException.class);
  }
}
