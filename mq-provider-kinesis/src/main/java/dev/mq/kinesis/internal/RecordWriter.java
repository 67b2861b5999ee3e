package dev.mq.kinesis.internal;

import dev.mq.Envelope;
import dev.mq.kinesis.internal.config.RecordFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Writes envelopes to a stream in a record format; the seam between the queue and the producer.
 * Pushes use the configured format, dead letters always {@link RecordFormat#ENVELOPE}.
 */
public interface RecordWriter extends AutoCloseable {

  /**
   * The size counted against the largest message: for {@link RecordFormat#ENVELOPE} the encoded
   * record plus partition key bytes (what Kinesis counts); for {@link RecordFormat#PLAIN} also
   * what a reader of this library adds when it reads the record back, so that its dead letter fits.
   *
   * @throws IllegalArgumentException when the envelope exceeds a codec limit, or the format
   *     cannot carry it
   */
  long sizeOf(Envelope envelope, RecordFormat format);

  /**
   * Writes one envelope; returns when Kinesis accepted it.
   *
   * @throws dev.mq.MessagingException when it was not written
   */
  void put(String stream, Envelope envelope, RecordFormat format);

  /**
   * Writes one envelope without waiting for Kinesis; the future completes as {@link #put} would
   * return. Envelopes of one key are written in call order.
   */
  CompletableFuture<Void> putAsync(String stream, Envelope envelope, RecordFormat format);

  /**
   * Writes envelopes, keeping the order of each partition key.
   *
   * @throws dev.mq.BatchPushException naming exactly the envelopes not written
   */
  void putAll(String stream, List<Envelope> envelopes, RecordFormat format);

  @Override
  void close();
}
