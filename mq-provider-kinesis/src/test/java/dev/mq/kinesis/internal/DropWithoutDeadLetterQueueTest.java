package dev.mq.kinesis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.kinesis.testing.KinesisEndpoint;
import dev.mq.kinesis.testing.KinesisEndpointExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without a dead-letter queue, a final reject drops the message with a WARN line naming the
 * reason, and counts it as acknowledged: the checkpoint passes it, so a restart does not bring it
 * back.
 */
@ExtendWith(KinesisEndpointExtension.class)
class DropWithoutDeadLetterQueueTest {

  @TempDir
  Path dir;

  @Test
  void aFinalRejectIsLoggedAndCountsAsAcknowledged(KinesisEndpoint endpoint) throws Exception {
    String stream = endpoint.createStream("drop", 1);
    Map<String, String> config = ProviderTests.config(endpoint, dir);
    config.put("mq.max-delivery-attempts", "2");
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.err;
    try (KinesisBroker broker = ProviderTests.connect(config)) {
      MessageQueue q = broker.queue(stream);
      q.push(Envelope.of("rejected"));
      q.push(Envelope.of("exhausted"));
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      q.reject(ProviderTests.receive(q, 1).get(0), false, "reason-rejected-42");
      Envelope e = ProviderTests.receive(q, 1).get(0);
      q.reject(e, true, null);
      Envelope again = ProviderTests.receive(q, 1).get(0);
      assertThat(again.deliveryAttempt()).isEqualTo(2);
      q.reject(again, true, "reason-exhausted-43");
      ProviderTests.assertNothingMore(q);
    } finally {
      System.setErr(original);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log).contains("WARN").contains("reason-rejected-42").contains("reason-exhausted-43");
    try (KinesisBroker broker = ProviderTests.connect(config)) {
      ProviderTests.assertNothingMore(broker.queue(stream));
    }
  }
}
