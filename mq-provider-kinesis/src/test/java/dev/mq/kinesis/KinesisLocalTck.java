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
 * The contract kit against a kinesis-local of the test class's own that persists its streams, so
 * that the DURABLE rules restart the emulator itself. Subclasses choose the retrieval and the
 * checkpoint store.
 */
abstract class KinesisLocalTck extends MessageQueueTck {

  @TempDir
  static Path dir;
  static EmulatorProcess kinesis;

  @BeforeAll
  static void startEmulator() {
    kinesis = KinesisEmulators.startKinesisLocal(dir.resolve("kinesis-data"));
  }

  @AfterAll
  static void stopEmulator() {
    if (kinesis != null) {
      kinesis.close();
    }
  }

  /** The emulator's provider configuration with a 100 ms checkpoint interval. */
  static Map<String, String> emulatorConfig() {
    Map<String, String> config = kinesis.endpoint().providerConfig();
    config.put("mq.kinesis.checkpoint-interval", "100ms");
    return config;
  }

  @Override
  protected void restartBroker() {
    kinesis.stop();
    kinesis.start();
  }

  /** {@code max-record-bytes} (1 MiB) less the 4 KiB kept for dead-letter properties. */
  /**
   * kinesis-local writes about 200 records/s on a busy 2-core machine: 3,000 keep the test of
   * restarts under load (3.8) near half a minute per class instead of two.
   */
  @Override
  protected int restartLoadMessages() {
    return 3_000;
  }

  @Override
  protected int maxMessageSize() {
    return 1_048_576 - 4096;
  }
}
