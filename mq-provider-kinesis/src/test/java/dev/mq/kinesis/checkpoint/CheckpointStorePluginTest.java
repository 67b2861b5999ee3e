package dev.mq.kinesis.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mq.Broker;
import dev.mq.Capability;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.MessageQueues;
import dev.mq.kinesis.KinesisProvider;
import dev.mq.kinesis.testing.KinesisEndpoint;
import dev.mq.kinesis.testing.KinesisEndpointExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A checkpoint store plugged in through the public SPI and ServiceLoader. */
@ExtendWith(KinesisEndpointExtension.class)
class CheckpointStorePluginTest {

  @Test
  void aPluggedInStoreIsChosenByNameAndItsKeysAreAccepted(KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("plugin", 1);
    Map<String, String> config = endpoint.providerConfig();
    config.put("mq.kinesis.checkpoint-store", "recording");
    config.put("mq.kinesis.recording-label", "plug");
    config.put("mq.kinesis.checkpoint-interval", "0s");
    config.put("mq.kinesis.poll-interval", "200ms");
    try (Broker broker = MessageQueues.connect(config)) {
      assertThat(broker.capabilities()).as("the store is not durable").doesNotContain(Capability.DURABLE);
      MessageQueue q = broker.queue(stream);
      q.push(Envelope.of("x"));
      q.acknowledge(q.dequeue(Duration.ofMinutes(1)).orElseThrow());
    }
    assertThat(RecordingCheckpointStoreFactory.SAVED)
        .containsKey("plug/" + stream + "/default/shardId-000000000000");
    assertThat(new KinesisProvider().secretKeys()).contains("recording-token");
  }

  @Test
  void anUnknownKeyOfNoStoreIsStillRefused() {
    assertThatThrownBy(() -> MessageQueues.connect(Map.of("mq.provider", "kinesis",
        "mq.kinesis.region", "us-east-1", "mq.kinesis.recording-labels", "x")))
        .hasMessageContaining("mq.kinesis.recording-labels")
        .hasMessageContaining("mq.kinesis.recording-label");
  }
}
