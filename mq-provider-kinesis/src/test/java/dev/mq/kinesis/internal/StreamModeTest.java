package dev.mq.kinesis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.kinesis.internal.config.KinesisConfig;
import dev.mq.kinesis.testing.KinesisEndpoint;
import dev.mq.kinesis.testing.KinesisEndpointExtension;
import dev.mq.kinesis.testing.TestStreams;
import dev.mq.spi.ProviderConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.CreateStreamRequest;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamMode;

/** {@code mq.kinesis.stream-mode}: the capacity mode of the streams the provider creates. */
@ExtendWith(KinesisEndpointExtension.class)
class StreamModeTest {

  @TempDir
  Path dir;

  private static CreateStreamRequest request(Map<String, String> settings) {
    Map<String, String> full = new HashMap<>();
    settings.forEach((k, v) -> full.put("mq.kinesis." + k, v));
    KinesisConfig config = new KinesisConfig(ProviderConfig.of("kinesis", full));
    return new StreamAdmin(null, config.streams()).createRequest("s");
  }

  @Test
  void onDemandSendsTheModeAndNoShardCount() {
    CreateStreamRequest r = request(Map.of("stream-mode", "on-demand", "shards", "3"));
    assertThat(r.streamModeDetails().streamMode()).isEqualTo(StreamMode.ON_DEMAND);
    assertThat(r.shardCount()).isNull();
  }

  @Test
  void provisionedIsTheDefaultAndSendsTheShardCountAlone() {
    CreateStreamRequest r = request(Map.of("shards", "3"));
    assertThat(r.streamModeDetails()).isNull();
    assertThat(r.shardCount()).isEqualTo(3);
    assertThat(request(Map.of("stream-mode", "provisioned", "shards", "2")).shardCount()).isEqualTo(2);
  }

  @Test
  void aStreamCreatedOnDemandIsOnDemandAndWorks(KinesisEndpoint endpoint) {
    Map<String, String> config = ProviderTests.config(endpoint, dir);
    config.put("mq.kinesis.stream-mode", "on-demand");
    String stream = TestStreams.uniqueName("on-demand");
    try (KinesisBroker broker = ProviderTests.connect(config)) {
      MessageQueue q = broker.queue(stream);
      q.push(Envelope.of("hello"));
      assertThat(ProviderTests.receiveAndAck(q, 1).get(0).bodyAsString()).isEqualTo("hello");
    }
    try (KinesisClient c = endpoint.syncClient()) {
      StreamDescriptionSummary s = c.describeStreamSummary(b -> b.streamName(stream))
          .streamDescriptionSummary();
      assertThat(s.streamModeDetails().streamMode()).isEqualTo(StreamMode.ON_DEMAND);
    } finally {
      endpoint.deleteStream(stream);
    }
  }
}
