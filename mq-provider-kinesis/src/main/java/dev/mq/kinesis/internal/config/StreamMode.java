package dev.mq.kinesis.internal.config;

/** The capacity mode of streams the provider creates: {@code mq.kinesis.stream-mode}. */
public enum StreamMode {
  /** A fixed shard count ({@code mq.kinesis.shards}); CreateStream is sent without a mode. */
  PROVISIONED,
  /** Kinesis scales the shards itself; CreateStream is sent with {@code ON_DEMAND} and no count. */
  ON_DEMAND
}
