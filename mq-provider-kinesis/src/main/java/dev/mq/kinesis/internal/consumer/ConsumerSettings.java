package dev.mq.kinesis.internal.consumer;

import java.time.Duration;
import java.util.Objects;

/**
 * The settings that consuming a stream needs, handed in by the broker, so that this package does
 * not depend on the broker's configuration classes.
 *
 * @param initialPosition where a group without a checkpoint starts a shard
 * @param checkpointInterval how long acknowledgements are gathered before a checkpoint write
 * @param shardDiscoveryInterval how often the shards are listed
 * @param pollInterval the pause of a polling reader that is caught up
 * @param maxRecordsPerCall the most records one GetRecords call asks for
 * @param readAheadRecords the most records read ahead per shard
 * @param readAheadBytes the most bytes read ahead per shard
 * @param readBackoffMax the longest back-off after read errors or throttling
 */
public record ConsumerSettings(InitialPosition initialPosition, Duration checkpointInterval,
    Duration shardDiscoveryInterval, Duration pollInterval, int maxRecordsPerCall,
    int readAheadRecords, long readAheadBytes, Duration readBackoffMax) {

  public ConsumerSettings {
    Objects.requireNonNull(initialPosition, "initialPosition");
    Objects.requireNonNull(checkpointInterval, "checkpointInterval");
    Objects.requireNonNull(shardDiscoveryInterval, "shardDiscoveryInterval");
    Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(readBackoffMax, "readBackoffMax");
  }
}
