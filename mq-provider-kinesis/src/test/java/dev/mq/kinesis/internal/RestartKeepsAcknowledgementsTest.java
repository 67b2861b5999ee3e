package dev.mq.kinesis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.kinesis.testing.KinesisEndpoint;
import dev.mq.kinesis.testing.KinesisEndpointExtension;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC 4.5 with the file store: messages acknowledged behind one held unacknowledged message stay
 * acknowledged across a broker restart (before, the file kept only the checkpoint, which cannot
 * pass the held message, and all of them came back).
 */
@ExtendWith(KinesisEndpointExtension.class)
class RestartKeepsAcknowledgementsTest {

  @TempDir
  Path dir;

  @Test
  void acknowledgementsBehindAHeldMessageSurviveARestart(KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("restart-acks", 1);
    try (KinesisBroker broker = ProviderTests.connect(ProviderTests.config(endpoint, dir))) {
      MessageQueue q = broker.queue(stream);
      for (int i = 0; i < 10; i++) {
        q.push(Envelope.builder().messageId("m" + i).body("m" + i).build());
      }
      List<Envelope> got = ProviderTests.receive(q, 10);
      got.subList(1, 10).forEach(q::acknowledge); // the first stays unacknowledged
    }
    try (KinesisBroker broker = ProviderTests.connect(ProviderTests.config(endpoint, dir))) {
      MessageQueue q = broker.queue(stream);
      assertThat(ProviderTests.receiveAndAck(q, 1)).extracting(Envelope::messageId)
          .as("only the unacknowledged message comes back").containsExactly("m0");
      ProviderTests.assertNothingMore(q);
    }
  }
}
