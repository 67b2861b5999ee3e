package dev.mq.kinesis;

import dev.mq.kinesis.testing.EmulatorProcess;
import dev.mq.kinesis.testing.KinesisEmulators;
import dev.mq.tck.MessageQueueTck;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole contract kit against a kinesis-local of its own that persists its streams, so that
 * the DURABLE rules restart the emulator itself; checkpoints go to a file store.
 */
class KinesisTckTest extends MessageQueueTck {

  @TempDir
  static Path dir;
  private static EmulatorProcess kinesis;

  @BeforeAll
  static void startEmulator() {
    kinesis = KinesisEmulators.startKinesisLocal(dir.resolve("kinesis-data"));
  }

  @AfterAll
  static void stopEmulator() {
    kinesis.close();
  }

  @Override
  protected Map<String, String> providerConfig() {
    Map<String, String> config = kinesis.endpoint().providerConfig();
    config.put("mq.kinesis.checkpoint-dir", dir.resolve("checkpoints").toString());
    config.put("mq.kinesis.poll-interval", "200ms");
    config.put("mq.kinesis.checkpoint-interval", "100ms");
    return config;
  }

  @Override
  protected Map<String, String> malformedProviderValues() {
    return Map.of(
        "mq.kinesis.shards", "zero",
        "mq.kinesis.initial-position", "yesterday",
        "mq.kinesis.poll-interval", "soon",
        "mq.kinesis.create-streams", "maybe",
        "mq.kinesis.endpoint", "ftp://127.0.0.1",
        "mq.kinesis.checkpoint-store", "redis");
  }

  @Override
  protected void restartBroker() {
    kinesis.stop();
    kinesis.start();
  }

  /** {@code max-record-bytes} (1 MiB) less the 4 KiB kept for dead-letter properties. */
  @Override
  protected int maxMessageSize() {
    return 1_048_576 - 4096;
  }
}
