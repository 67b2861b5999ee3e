package dev.mq.kinesis.internal;

import dev.mq.ConfigurationException;
import dev.mq.Envelope;
import dev.mq.kinesis.internal.codec.RecordCodec;
import dev.mq.kinesis.internal.producer.OutgoingRecord;
import dev.mq.kinesis.internal.producer.ProducerSettings;
import dev.mq.kinesis.internal.producer.RecordProducer;
import dev.mq.spi.ProviderConfig;
import dev.mq.spi.Utf8;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * The queue's writer: encodes envelopes with {@link RecordCodec} and writes them through the
 * {@link RecordProducer} (batching, retries with back-off, per-key order), configured by the
 * {@code mq.kinesis.producer-*} keys.
 */
public final class ProducerWriter implements RecordWriter {

  public static final String LINGER = "producer-linger";
  public static final String MAX_RECORDS_PER_REQUEST = "producer-max-records-per-request";
  public static final String MAX_BYTES_PER_REQUEST = "producer-max-bytes-per-request";
  public static final String MAX_RECORD_BYTES = "max-record-bytes";
  public static final String MAX_ATTEMPTS = "producer-max-attempts";
  public static final String MAX_RETRY_TIME = "producer-max-retry-time";
  public static final String BASE_BACKOFF = "producer-base-backoff";
  public static final String MAX_BACKOFF = "producer-max-backoff";
  public static final String MAX_CONCURRENT_REQUESTS = "producer-max-concurrent-requests";
  public static final String MAX_BUFFERED_RECORDS = "producer-max-buffered-records";
  public static final String MAX_BUFFERED_BYTES = "producer-max-buffered-bytes";
  public static final String BUFFER_FULL_WAIT = "producer-buffer-full-wait";
  public static final String CLOSE_TIMEOUT = "producer-close-timeout";

  /** Producer keys under {@code mq.kinesis.}. */
  public static final Set<String> CONFIG_KEYS = Set.of(LINGER, MAX_RECORDS_PER_REQUEST,
      MAX_BYTES_PER_REQUEST, MAX_RECORD_BYTES, MAX_ATTEMPTS, MAX_RETRY_TIME, BASE_BACKOFF,
      MAX_BACKOFF, MAX_CONCURRENT_REQUESTS, MAX_BUFFERED_RECORDS, MAX_BUFFERED_BYTES,
      BUFFER_FULL_WAIT, CLOSE_TIMEOUT);

  private final RecordProducer producer;
  private final int maxRecordBytes;

  private ProducerWriter(RecordProducer producer, int maxRecordBytes) {
    this.producer = producer;
    this.maxRecordBytes = maxRecordBytes;
  }

  /** Reads the producer keys; the client stays the caller's. */
  static ProducerWriter create(KinesisAsyncClient client, KinesisSettings settings) {
    ProducerSettings ps = settings(settings);
    return new ProducerWriter(new RecordProducer(client, ps), ps.maxRecordBytes());
  }

  /** The producer keys mapped onto {@link ProducerSettings}. */
  static ProducerSettings settings(KinesisSettings settings) {
    ProviderConfig c = settings.config();
    ProducerSettings d = ProducerSettings.defaults();
    try {
      return ProducerSettings.builder()
          .linger(c.duration(LINGER, d.linger(), Duration.ZERO, Duration.ofSeconds(10)))
          .maxRecordsPerRequest(c.intValue(MAX_RECORDS_PER_REQUEST, d.maxRecordsPerRequest(), 1,
              ProducerSettings.KINESIS_MAX_RECORDS_PER_REQUEST))
          .maxBytesPerRequest(c.longValue(MAX_BYTES_PER_REQUEST, d.maxBytesPerRequest(), 1024,
              ProducerSettings.KINESIS_MAX_BYTES_PER_REQUEST))
          .maxRecordBytes(c.intValue(MAX_RECORD_BYTES, d.maxRecordBytes(), 8 * 1024, 10 * 1024 * 1024))
          .maxAttempts(c.intValue(MAX_ATTEMPTS, d.maxAttempts(), 1, 100))
          .maxRetryTime(c.duration(MAX_RETRY_TIME, d.maxRetryTime(), Duration.ofMillis(100), Duration.ofHours(1)))
          .baseBackoff(c.duration(BASE_BACKOFF, d.baseBackoff(), Duration.ofMillis(1), Duration.ofMinutes(1)))
          .maxBackoff(c.duration(MAX_BACKOFF, d.maxBackoff(), Duration.ofMillis(1), Duration.ofMinutes(5)))
          .requestTimeout(settings.requestTimeout())
          .maxConcurrentRequests(c.intValue(MAX_CONCURRENT_REQUESTS, d.maxConcurrentRequests(), 1, 64))
          .maxBufferedRecords(c.intValue(MAX_BUFFERED_RECORDS, d.maxBufferedRecords(), 1, 1_000_000))
          .maxBufferedBytes(c.longValue(MAX_BUFFERED_BYTES, d.maxBufferedBytes(), 1024, 4L << 30))
          .bufferFullWait(c.duration(BUFFER_FULL_WAIT, d.bufferFullWait(), Duration.ZERO, Duration.ofMinutes(10)))
          .closeTimeout(c.duration(CLOSE_TIMEOUT, d.closeTimeout(), Duration.ZERO, Duration.ofMinutes(10)))
          .build();
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("the mq.kinesis.producer-* settings do not fit together: "
          + e.getMessage(), e);
    }
  }

  /** The largest record Kinesis takes: encoded message plus partition key. */
  public long maxRecordBytes() {
    return maxRecordBytes;
  }

  @Override
  public long sizeOf(Envelope e) {
    return RecordCodec.encodedSize(e)
        + (long) Utf8.length(RecordProducer.kinesisPartitionKey(e));
  }

  @Override
  public void put(String stream, Envelope e) {
    producer.put(stream, OutgoingRecord.of(e));
  }

  @Override
  public CompletableFuture<Void> putAsync(String stream, Envelope e) {
    return producer.putAsync(stream, OutgoingRecord.of(e));
  }

  @Override
  public void putAll(String stream, List<Envelope> envelopes) {
    List<OutgoingRecord> records = new ArrayList<>(envelopes.size());
    for (Envelope e : envelopes) {
      records.add(OutgoingRecord.of(e));
    }
    producer.putAll(stream, records);
  }

  @Override
  public void close() {
    producer.close();
  }
}
