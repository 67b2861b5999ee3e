package dev.mq.kinesis.internal;

import dev.mq.Envelope;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Writes envelopes to a stream; the seam between the queue and the producer. */
public interface RecordWriter extends AutoCloseable {

  /** The size Kinesis counts for the envelope: encoded record plus partition key bytes. */
  long sizeOf(Envelope envelope);

  /**
   * Writes one envelope; returns when Kinesis accepted it.
   *
   * @throws dev.mq.MessagingException when it was not written
   */
  void put(String stream, Envelope envelope);

  /**
   * Writes one envelope without waiting for Kinesis; the future completes as {@link #put} would
   * return. Envelopes of one key are written in call order.
   */
  CompletableFuture<Void> putAsync(String stream, Envelope envelope);

  /**
   * Writes envelopes, keeping the order of each partition key.
   *
   * @throws dev.mq.BatchPushException naming exactly the envelopes not written
   */
  void putAll(String stream, List<Envelope> envelopes);

  @Override
  void close();
}
