package dev.mq.kinesis.internal;

import dev.mq.Envelope;
import dev.mq.kinesis.internal.codec.PlainRecords;
import dev.mq.kinesis.internal.codec.RecordCodec;
import dev.mq.kinesis.internal.config.RecordFormat;
import dev.mq.kinesis.internal.config.ProducerSettings;
import dev.mq.kinesis.internal.producer.OutgoingRecord;
import dev.mq.kinesis.internal.producer.RecordProducer;
import dev.mq.spi.Utf8;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * The queue's producer: encodes envelopes with {@link RecordCodec} (or writes their bodies alone,
 * {@link PlainRecords}) and writes them through the
 * {@link RecordProducer} (batching, retries with back-off, per-key order), configured by the
 * producer group of the configuration. Pushes use the configured format, dead letters always
 * {@link RecordFormat#ENVELOPE}.
 */
final class EnvelopeProducer implements AutoCloseable {

  private final RecordProducer producer;
  private final int maxRecordBytes;

  private EnvelopeProducer(RecordProducer producer, int maxRecordBytes) {
    this.producer = producer;
    this.maxRecordBytes = maxRecordBytes;
  }

  /** A producer with the producer group's settings; the client stays the caller's. */
  static EnvelopeProducer create(KinesisAsyncClient client, ProducerSettings settings) {
    return new EnvelopeProducer(new RecordProducer(client, settings), settings.maxRecordBytes());
  }

  /** The largest record Kinesis takes: encoded message plus partition key. */
  public long maxRecordBytes() {
    return maxRecordBytes;
  }

  /** Records waiting in the producer's buffer, for monitoring. */
  public int bufferedRecords() {
    return producer.bufferedRecords();
  }

  /** Records the producer retried since start, for monitoring. */
  public long retries() {
    return producer.retries();
  }

  /**
   * The size counted against the largest message: for {@link RecordFormat#ENVELOPE} the encoded
   * record plus partition key bytes (what Kinesis counts); for {@link RecordFormat#PLAIN} also
   * what a reader of this library adds when it reads the record back, so that its dead letter fits.
   *
   * @throws IllegalArgumentException when the envelope exceeds a codec limit, or the format
   *     cannot carry it
   */
  public long sizeOf(Envelope e, RecordFormat format) {
    String kinesisKey = RecordProducer.kinesisPartitionKey(e);
    return switch (format) {
      case ENVELOPE -> RecordCodec.encodedSize(e) + (long) Utf8.length(kinesisKey);
      case PLAIN -> PlainRecords.sizeWithReadBack(e, kinesisKey);
    };
  }

  /**
   * Writes one envelope; returns when Kinesis accepted it.
   *
   * @throws dev.mq.MessagingException when it was not written
   */
  public void put(String stream, Envelope e, RecordFormat format) {
    producer.put(stream, OutgoingRecord.of(e, format));
  }

  /**
   * Writes one envelope without waiting for Kinesis; the future completes as {@link #put} would
   * return. Envelopes of one key are written in call order.
   */
  public CompletableFuture<Void> putAsync(String stream, Envelope e, RecordFormat format) {
    return producer.putAsync(stream, OutgoingRecord.of(e, format));
  }

  /**
   * Writes envelopes, keeping the order of each partition key.
   *
   * @throws dev.mq.BatchPushException naming exactly the envelopes not written
   */
  public void putAll(String stream, List<Envelope> envelopes, RecordFormat format) {
    List<OutgoingRecord> records = new ArrayList<>(envelopes.size());
    for (Envelope e : envelopes) {
      records.add(OutgoingRecord.of(e, format));
    }
    producer.putAll(stream, records);
  }

  @Override
  public void close() {
    producer.close();
  }
}
