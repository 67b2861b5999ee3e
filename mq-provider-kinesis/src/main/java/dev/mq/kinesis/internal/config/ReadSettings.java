package dev.mq.kinesis.internal.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The read group of {@link KinesisConfig}: what consuming a stream needs. Keys, defaults and
 * bounds are those of {@link KinesisConfig}.
 *
 * @param initialPosition {@code initial-position}: where a group without a checkpoint starts a
 *     shard; default trim-horizon
 * @param checkpointInterval {@code checkpoint-interval}: how long acknowledgements are gathered
 *     before a checkpoint write; default 1 s, 0 to 1 h
 * @param shardDiscoveryInterval {@code shard-discovery-interval}: how often the shards are listed;
 *     default 10 s, 100 ms to 24 h
 * @param pollInterval {@code poll-interval}: the pause of a polling reader that is caught up;
 *     default 1 s, 200 ms to 5 min
 * @param maxRecordsPerCall {@code max-records-per-call}: the most records one GetRecords call asks
 *     for; default 10,000, 1 to 10,000
 * @param readAheadRecords {@code read-ahead-records}: the most records read ahead per shard;
 *     default 10,000, 1 to 1,000,000
 * @param readAheadBytes {@code read-ahead-bytes}: the most bytes read ahead per shard; default
 *     8 MiB, 1 KiB to 16 GiB
 * @param readBackoffMax {@code read-backoff-max}: the longest back-off after read errors or
 *     throttling; default 10 s, 200 ms to 10 min
 * @param retrieval {@code retrieval}: polling (default) or fan-out
 * @param fanOutSubscriptionLifetime {@code fan-out-subscription-lifetime}: how long a fan-out
 *     subscription lives before it is renewed (Kinesis ends it after 5 minutes); default 4 min,
 *     5 s to 5 min
 */
public record ReadSettings(InitialPosition initialPosition, Duration checkpointInterval,
    Duration shardDiscoveryInterval, Duration pollInterval, int maxRecordsPerCall,
    int readAheadRecords, long readAheadBytes, Duration readBackoffMax, Retrieval retrieval,
    Duration fanOutSubscriptionLifetime) {

  /**
   * Checks that no component is null.
   *
   * @param initialPosition {@code initial-position}: where a group without a checkpoint starts a
   *     shard; default trim-horizon
   * @param checkpointInterval {@code checkpoint-interval}: how long acknowledgements are gathered
   *     before a checkpoint write; default 1 s, 0 to 1 h
   * @param shardDiscoveryInterval {@code shard-discovery-interval}: how often the shards are listed;
   *     default 10 s, 100 ms to 24 h
   * @param pollInterval {@code poll-interval}: the pause of a polling reader that is caught up;
   *     default 1 s, 200 ms to 5 min
   * @param maxRecordsPerCall {@code max-records-per-call}: the most records one GetRecords call asks
   *     for; default 10,000, 1 to 10,000
   * @param readAheadRecords {@code read-ahead-records}: the most records read ahead per shard;
   *     default 10,000, 1 to 1,000,000
   * @param readAheadBytes {@code read-ahead-bytes}: the most bytes read ahead per shard; default
   *     8 MiB, 1 KiB to 16 GiB
   * @param readBackoffMax {@code read-backoff-max}: the longest back-off after read errors or
   *     throttling; default 10 s, 200 ms to 10 min
   * @param retrieval {@code retrieval}: polling (default) or fan-out
   * @param fanOutSubscriptionLifetime {@code fan-out-subscription-lifetime}: how long a fan-out
   *     subscription lives before it is renewed (Kinesis ends it after 5 minutes); default 4 min,
   *     5 s to 5 min
   */
  public ReadSettings {
    Objects.requireNonNull(initialPosition, "initialPosition");
    Objects.requireNonNull(checkpointInterval, "checkpointInterval");
    Objects.requireNonNull(shardDiscoveryInterval, "shardDiscoveryInterval");
    Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(readBackoffMax, "readBackoffMax");
    Objects.requireNonNull(retrieval, "retrieval");
    Objects.requireNonNull(fanOutSubscriptionLifetime, "fanOutSubscriptionLifetime");
  }
}
