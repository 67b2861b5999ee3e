/**
 * The checkpoint-store SPI of the Kinesis provider: where a consumer group records, per shard,
 * how far it has acknowledged a stream. Implement {@link dev.mq.kinesis.checkpoint.CheckpointStore}
 * and {@link dev.mq.kinesis.checkpoint.CheckpointStoreFactory} to add a store.
 */
package dev.mq.kinesis.checkpoint;
