package dev.mq.kinesis.internal.consumer;

/**
 * What monitoring reads of one shard reader: plain numbers, taken without a lock (each may be
 * a moment old).
 *
 * @param shardId the shard
 * @param millisBehindLatest Kinesis's {@code MillisBehindLatest} of the last fetch; -1 before
 *     the first
 * @param throttles fetches the service throttled since the reader started
 * @param failuresInARow fetches or steps that failed or were throttled since the last good one
 * @param heldMessages messages held beyond the checkpoint (the read-ahead's fill)
 */
public record ShardStats(String shardId, long millisBehindLatest, long throttles,
    int failuresInARow, int heldMessages) {}
