/**
 * The producer: per-stream lanes batching records into PutRecords calls within a bounded buffer.
 *
 * <p><b>Internal, not API:</b> meant for this module only; anything here may change without
 * notice. Code outside the module uses the public packages.
 */
package dev.mq.kinesis.internal.producer;
