package dev.mq.kinesis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mq.ConfigurationException;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.MessageQueues;
import dev.mq.kinesis.testing.KinesisEndpoint;
import dev.mq.kinesis.testing.KinesisEndpointExtension;
import dev.mq.kinesis.testing.TestStreams;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

/**
 * {@code mq.kinesis.stream-arns}: a queue whose stream is named by ARN (another account's, on
 * AWS) is written and read with StreamARN, and such a stream is never created.
 */
@ExtendWith(KinesisEndpointExtension.class)
class StreamArnTest {

  @TempDir
  Path dir;

  private static String arnOf(KinesisEndpoint endpoint, String stream) {
    try (KinesisClient c = endpoint.syncClient()) {
      return c.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().streamARN();
    }
  }

  private static boolean exists(KinesisEndpoint endpoint, String stream) {
    try (KinesisClient c = endpoint.syncClient()) {
      c.describeStreamSummary(b -> b.streamName(stream));
      return true;
    } catch (ResourceNotFoundException e) {
      return false;
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"polling", "fan-out"})
  void aQueueMappedToAnArnWritesAndReadsThatStream(String retrieval, KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("arn-target", 2);
    String queue = TestStreams.uniqueName("arn-queue");
    Map<String, String> config = ProviderTests.config(endpoint, dir);
    config.put("mq.kinesis.retrieval", retrieval);
    config.put("mq.kinesis.stream-arns", "other=" + arnOf(endpoint, stream).replace(stream, "x")
        + ", " + queue + "=" + arnOf(endpoint, stream)); // create-streams is on: must not matter
    List<String> bodies = new ArrayList<>();
    try (KinesisBroker broker = ProviderTests.connect(config)) {
      MessageQueue q = broker.queue(queue);
      for (int i = 0; i < 6; i++) {
        q.push(Envelope.builder().body("m" + i).partitionKey("k" + (i % 3)).build());
      }
      for (int i = 0; i < 6; i++) { // one at a time: a key's next message waits for the previous
        bodies.add(ProviderTests.receiveAndAck(q, 1).get(0).bodyAsString());
      }
      ProviderTests.assertNothingMore(q);
    }
    assertThat(bodies).containsExactlyInAnyOrder("m0", "m1", "m2", "m3", "m4", "m5");
    List<String> written = new ArrayList<>();
    try (KinesisClient c = endpoint.syncClient()) {
      TestStreams.forEachRecord(c, stream, (shard, r) -> written.add(r.partitionKey()));
    }
    assertThat(written).as("the records are in the stream the ARN names").hasSize(6);
    assertThat(exists(endpoint, queue)).as("no stream named after the queue").isFalse();
  }

  @Test
  void aMissingStreamNamedByArnIsNeverCreated(KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("arn-known", 1);
    String missing = TestStreams.uniqueName("arn-missing");
    Map<String, String> config = ProviderTests.config(endpoint, dir);
    config.put("mq.kinesis.stream-arns", "q=" + arnOf(endpoint, stream).replace(stream, missing));
    try (KinesisBroker broker = ProviderTests.connect(config)) {
      assertThatThrownBy(() -> broker.queue("q")).isInstanceOf(ConfigurationException.class)
          .hasMessageContaining(missing).hasMessageContaining("never created");
    }
    assertThat(exists(endpoint, missing)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"orders", "orders=arn:aws:kinesis:eu-west-1:1234:stream/o",
      "a/b=arn:aws:kinesis:eu-west-1:123456789012:stream/o",
      "q=arn:aws:kinesis:eu-west-1:123456789012:stream/o,q=arn:aws:kinesis:eu-west-1:123456789012:stream/p",
      "q=arn:aws:sqs:us-east-1:123456789012:o",
      "q=arn:aws:kinesis:eu-west-1:123456789012:stream/another-region"})
  void aMalformedMappingIsRefusedAtConnect(String value, KinesisEndpoint endpoint) {
    Map<String, String> config = ProviderTests.config(endpoint, dir);
    config.put("mq.kinesis.stream-arns", value);
    assertThatThrownBy(() -> MessageQueues.connect(config).close())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("mq.kinesis.stream-arns");
  }
}
