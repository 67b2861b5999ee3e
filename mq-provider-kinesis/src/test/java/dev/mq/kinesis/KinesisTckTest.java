package dev.mq.kinesis;

import java.util.Map;

/**
 * The whole contract kit against a kinesis-local of its own that persists its streams, so that
 * the DURABLE rules restart the emulator itself; checkpoints go to a file store.
 */
class KinesisTckTest extends KinesisLocalTck {

  @Override
  protected Map<String, String> providerConfig() {
    Map<String, String> config = emulatorConfig();
    config.put("mq.kinesis.checkpoint-dir", dir.resolve("checkpoints").toString());
    config.put("mq.kinesis.poll-interval", "200ms");
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
}
