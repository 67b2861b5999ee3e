package dev.mq.kinesis.internal.config;

/** How shard readers get records: {@code mq.kinesis.retrieval}. */
public enum Retrieval {
  /** GetShardIterator and GetRecords (shared throughput). */
  POLLING("polling"),
  /** Enhanced fan-out: a registered stream consumer per group, SubscribeToShard over HTTP/2. */
  FAN_OUT("fan-out");

  private final String value;

  Retrieval(String value) {
    this.value = value;
  }

  /** {@return the configuration value} */
  public String value() {
    return value;
  }
}
