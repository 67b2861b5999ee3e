package dev.mq.kinesis;

import dev.mq.kinesis.testing.KinesisEndpointExtension;
import dev.mq.tck.MessageQueueTck;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** The whole contract kit against kinesis-local, with a file checkpoint store. */
class KinesisTckTest extends MessageQueueTck {

  @TempDir
  static Path checkpoints;

  @Override
  protected Map<String, String> providerConfig() {
    Map<String, String> config = KinesisEndpointExtension.endpoint().providerConfig();
    config.put("mq.kinesis.checkpoint-store", "file");
    config.put("mq.kinesis.checkpoint-dir", checkpoints.toString());
    config.put("mq.kinesis.poll-interval", "200ms");
    config.put("mq.kinesis.checkpoint-interval", "100ms");
    return config;
  }
}
