package dev.mq.kinesis;

import dev.mq.kinesis.testing.EmulatorProcess;
import dev.mq.kinesis.testing.KinesisEmulators;
import dev.mq.tck.MessageQueueTck;
import dev.mq.tck.TckTimeouts;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole contract kit with enhanced fan-out ({@code mq.kinesis.retrieval=fan-out}) against a
 * kinesis-local of its own that persists its streams and consumers, so that the DURABLE rules
 * restart the emulator itself; checkpoints go to a file store.
 */
class FanOutTckTest extends MessageQueueTck {

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
    config.put("mq.kinesis.retrieval", "fan-out");
    config.put("mq.kinesis.checkpoint-dir", dir.resolve("checkpoints").toString());
    config.put("mq.kinesis.checkpoint-interval", "100ms");
    config.put("mq.kinesis.read-backoff-max", "1s");
    return config;
  }

  @Override
  protected Map<String, String> malformedProviderValues() {
    return Map.of(
        "mq.kinesis.retrieval", "push",
        "mq.kinesis.fan-out-subscription-lifetime", "forever",
        "mq.kinesis.shards", "zero",
        "mq.kinesis.initial-position", "yesterday",
        "mq.kinesis.endpoint", "ftp://127.0.0.1");
  }

  /**
   * At least twice the kit's waits: kinesis-local pushes subscription events once a second, and
   * after a restart of the emulator the first subscription also opens a new HTTP/2 connection,
   * which on a busy machine came close to the kit's 10 s.
   */
  @Override
  protected TckTimeouts timeouts() {
    return TckTimeouts.withFactor(Math.max(2, TckTimeouts.fromEnvironment().factor()));
  }

  @Override
  protected void restartBroker() {
    kinesis.stop();
    kinesis.start();
  }
}
