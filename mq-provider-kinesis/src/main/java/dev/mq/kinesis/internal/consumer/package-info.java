/**
 * Reading shards for a consumer group: shard readers and fetchers, per-message tracking, checkpoint flushing, dead letters.
 *
 * <p><b>Internal, not API:</b> meant for this module only; anything here may change without
 * notice. Code outside the module uses the public packages.
 */
package dev.mq.kinesis.internal.consumer;
