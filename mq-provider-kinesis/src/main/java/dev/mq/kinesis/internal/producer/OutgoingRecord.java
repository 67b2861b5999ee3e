package dev.mq.kinesis.internal.producer;

import dev.mq.Envelope;
import dev.mq.kinesis.internal.codec.PlainRecords;
import dev.mq.kinesis.internal.codec.RecordCodec;
import dev.mq.kinesis.internal.config.RecordFormat;
import dev.mq.spi.Utf8;
import java.util.Objects;

/**
 * One record to write: the envelope it carries (for error reports), the Kinesis partition key,
 * and the record data. The data array is not copied; callers must not change it afterwards.
 *
 * @param envelope the envelope, reported back when the record is not written
 * @param kinesisPartitionKey the Kinesis partition key, 1..256 characters
 * @param data the record's data, usually {@link RecordCodec#encode(Envelope)}
 */
public record OutgoingRecord(Envelope envelope, String kinesisPartitionKey, byte[] data) {

  /** Most characters Kinesis allows in a partition key. */
  public static final int MAX_PARTITION_KEY_CHARS = 256;

  /**
   * Checks the components.
   *
   * @param envelope the envelope, reported back when the record is not written
   * @param kinesisPartitionKey the Kinesis partition key, 1..256 characters
   * @param data the record's data, not copied
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the key is empty or over 256 characters
   */
  public OutgoingRecord {
    Objects.requireNonNull(envelope, "envelope");
    Objects.requireNonNull(kinesisPartitionKey, "kinesisPartitionKey");
    Objects.requireNonNull(data, "data");
    if (kinesisPartitionKey.isEmpty() || kinesisPartitionKey.length() > MAX_PARTITION_KEY_CHARS) {
      throw new IllegalArgumentException("a Kinesis partition key has 1.." + MAX_PARTITION_KEY_CHARS
          + " characters, not " + kinesisPartitionKey.length());
    }
  }

  /**
   * The record for {@code envelope}: encoded with {@link RecordCodec}, keyed by
   * {@link RecordProducer#kinesisPartitionKey(Envelope)}.
   *
   * @param envelope the envelope to write
   * @return the record
   * @throws IllegalArgumentException if the envelope exceeds a codec limit
   */
  public static OutgoingRecord of(Envelope envelope) {
    return of(envelope, RecordFormat.ENVELOPE);
  }

  /**
   * The record for {@code envelope} in {@code format}: encoded with {@link RecordCodec}, or its
   * body alone with {@link PlainRecords}; keyed by
   * {@link RecordProducer#kinesisPartitionKey(Envelope)}.
   *
   * @param envelope the envelope to write
   * @param format the record format
   * @return the record
   * @throws IllegalArgumentException if the envelope exceeds a codec limit, or the plain format
   *     cannot carry it
   */
  public static OutgoingRecord of(Envelope envelope, RecordFormat format) {
    byte[] data = switch (format) {
      case ENVELOPE -> RecordCodec.encode(envelope);
      case PLAIN -> PlainRecords.encode(envelope);
    };
    return new OutgoingRecord(envelope, RecordProducer.kinesisPartitionKey(envelope), data);
  }

  /**
   * {@return what Kinesis counts against its size limits: data plus the partition key's UTF-8
   * bytes}
   */
  public long billedSize() {
    return (long) data.length + Utf8.length(kinesisPartitionKey);
  }

  /** Names the message and sizes; never the data. */
  @Override
  public String toString() {
    return "OutgoingRecord[messageId=" + envelope.messageId() + ", kinesisPartitionKey="
        + kinesisPartitionKey + ", size=" + data.length + "]";
  }
}
