package dev.mq.kinesis.internal.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The producer group of {@link KinesisConfig}: limits and timings of the record producer.
 * Immutable. The keys, their defaults and bounds are those of {@link KinesisConfig} (see also
 * {@code docs/producer.md}); {@link #builder()} starts from the defaults and lets tests set any
 * value, checking only that the values fit together.
 */
public final class ProducerSettings {

  private final Duration linger;
  private final int maxRecordsPerRequest;
  private final long maxBytesPerRequest;
  private final int maxRecordBytes;
  private final int maxAttempts;
  private final Duration maxRetryTime;
  private final Duration baseBackoff;
  private final Duration maxBackoff;
  private final Duration requestTimeout;
  private final int maxConcurrentRequests;
  private final int maxBufferedRecords;
  private final long maxBufferedBytes;
  private final Duration bufferFullWait;
  private final Duration closeTimeout;
  private final RecordFormat recordFormat;

  private ProducerSettings(Builder b) {
    this.linger = b.linger;
    this.maxRecordsPerRequest = b.maxRecordsPerRequest;
    this.maxBytesPerRequest = b.maxBytesPerRequest;
    this.maxRecordBytes = b.maxRecordBytes;
    this.maxAttempts = b.maxAttempts;
    this.maxRetryTime = b.maxRetryTime;
    this.baseBackoff = b.baseBackoff;
    this.maxBackoff = b.maxBackoff;
    this.requestTimeout = b.requestTimeout;
    this.maxConcurrentRequests = b.maxConcurrentRequests;
    this.maxBufferedRecords = b.maxBufferedRecords;
    this.maxBufferedBytes = b.maxBufferedBytes;
    this.bufferFullWait = b.bufferFullWait;
    this.closeTimeout = b.closeTimeout;
    this.recordFormat = b.recordFormat;
  }

  /** {@return the defaults} */
  public static ProducerSettings defaults() {
    return builder().build();
  }

  /** {@return a builder holding the defaults} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@return {@code producer-linger}: how long a record may wait for others to share its request;
   * default 5 ms, 0 to 10 s}
   */
  public Duration linger() {
    return linger;
  }

  /**
   * {@return {@code producer-max-records-per-request}: records per PutRecords request; default 500,
   * 1 to 500}
   */
  public int maxRecordsPerRequest() {
    return maxRecordsPerRequest;
  }

  /**
   * {@return {@code producer-max-bytes-per-request}: bytes (data plus partition keys) per request;
   * default 5 MiB, 1 KiB to 5 MiB}
   */
  public long maxBytesPerRequest() {
    return maxBytesPerRequest;
  }

  /**
   * {@return {@code max-record-bytes}: bytes (data plus partition key) of one record; default 1 MiB
   * (Kinesis's default limit), 8 KiB to 10 MiB}
   */
  public int maxRecordBytes() {
    return maxRecordBytes;
  }

  /**
   * {@return {@code producer-max-attempts}: attempts per record, the first included; default 10, 1
   * to 100}
   */
  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * {@return time from a record's submission after which it is not retried, and not first sent
   * either (when it waited that long behind earlier records of its key):
   * {@code producer-max-retry-time}; default 30 s, 100 ms to 1 h}
   */
  public Duration maxRetryTime() {
    return maxRetryTime;
  }

  /**
   * {@return {@code producer-base-backoff}: back-off before the first retry, before jitter; default
   * 50 ms, 1 ms to 1 min}
   */
  public Duration baseBackoff() {
    return baseBackoff;
  }

  /**
   * {@return {@code producer-max-backoff}: longest back-off, before jitter; default 2 s, 1 ms to 5
   * min, at least the base}
   */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /**
   * {@return {@code request-timeout}: time one PutRecords call may take, SDK retries included;
   * default 10 s, 100 ms to 5 min}
   */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /**
   * {@return {@code producer-max-concurrent-requests}: PutRecords requests in flight at once, over
   * all streams; default 8, 1 to 64}
   */
  public int maxConcurrentRequests() {
    return maxConcurrentRequests;
  }

  /**
   * {@return {@code producer-max-buffered-records}: records accepted but not yet written or failed;
   * default 10,000, 1 to 1,000,000}
   */
  public int maxBufferedRecords() {
    return maxBufferedRecords;
  }

  /**
   * {@return {@code producer-max-buffered-bytes}: bytes of those records; default 64 MiB, 1 KiB to
   * 4 GiB}
   */
  public long maxBufferedBytes() {
    return maxBufferedBytes;
  }

  /**
   * {@return {@code producer-buffer-full-wait}: how long a put waits for buffer space before
   * QueueFullException; default 10 s, 0 to 10 min}
   */
  public Duration bufferFullWait() {
    return bufferFullWait;
  }

  /**
   * {@return {@code producer-close-timeout}: how long close waits for buffered records to be
   * written; default 10 s, 0 to 10 min}
   */
  public Duration closeTimeout() {
    return closeTimeout;
  }

  /**
   * {@return {@code record-format}: what pushed records hold, {@code envelope} (default) or
   * {@code plain}; dead letters are always written as {@code envelope}}
   */
  public RecordFormat recordFormat() {
    return recordFormat;
  }

  @Override
  public String toString() {
    return "ProducerSettings[recordFormat=" + recordFormat + ", linger=" + linger + ", maxRecordsPerRequest=" + maxRecordsPerRequest
        + ", maxBytesPerRequest=" + maxBytesPerRequest + ", maxRecordBytes=" + maxRecordBytes
        + ", maxAttempts=" + maxAttempts + ", maxRetryTime=" + maxRetryTime
        + ", baseBackoff=" + baseBackoff + ", maxBackoff=" + maxBackoff
        + ", requestTimeout=" + requestTimeout + ", maxConcurrentRequests=" + maxConcurrentRequests
        + ", maxBufferedRecords=" + maxBufferedRecords + ", maxBufferedBytes=" + maxBufferedBytes
        + ", bufferFullWait=" + bufferFullWait + ", closeTimeout=" + closeTimeout + "]";
  }

  /** Starts from the defaults of {@link KinesisConfig}; the setters take any value. */
  public static final class Builder {
    private Duration linger = KinesisConfig.DEFAULT_PRODUCER_LINGER;
    private int maxRecordsPerRequest = KinesisConfig.KINESIS_MAX_RECORDS_PER_REQUEST;
    private long maxBytesPerRequest = KinesisConfig.KINESIS_MAX_BYTES_PER_REQUEST;
    private int maxRecordBytes = KinesisConfig.DEFAULT_MAX_RECORD_BYTES;
    private int maxAttempts = KinesisConfig.DEFAULT_PRODUCER_MAX_ATTEMPTS;
    private Duration maxRetryTime = KinesisConfig.DEFAULT_PRODUCER_MAX_RETRY_TIME;
    private Duration baseBackoff = KinesisConfig.DEFAULT_PRODUCER_BASE_BACKOFF;
    private Duration maxBackoff = KinesisConfig.DEFAULT_PRODUCER_MAX_BACKOFF;
    private Duration requestTimeout = KinesisConfig.DEFAULT_REQUEST_TIMEOUT;
    private int maxConcurrentRequests = KinesisConfig.DEFAULT_PRODUCER_MAX_CONCURRENT_REQUESTS;
    private int maxBufferedRecords = KinesisConfig.DEFAULT_PRODUCER_MAX_BUFFERED_RECORDS;
    private long maxBufferedBytes = KinesisConfig.DEFAULT_PRODUCER_MAX_BUFFERED_BYTES;
    private Duration bufferFullWait = KinesisConfig.DEFAULT_PRODUCER_BUFFER_FULL_WAIT;
    private Duration closeTimeout = KinesisConfig.DEFAULT_PRODUCER_CLOSE_TIMEOUT;
    private RecordFormat recordFormat = RecordFormat.ENVELOPE;

    private Builder() {}

    /**
     * {@return this builder}, with {@link ProducerSettings#recordFormat()} set to {@code v}
     *
     * @param v the new value, checked by {@link #build()} or here when null
     */
    public Builder recordFormat(RecordFormat v) {
      recordFormat = Objects.requireNonNull(v, "recordFormat");
      return this;
    }

    /**
     * {@return this builder}, with {@link ProducerSettings#linger()} set to {@code v}
     *
     * @param v the new value, checked by {@link #build()} or here when null
     */
    public Builder linger(Duration v) {
      linger = Objects.requireNonNull(v, "linger");
      return this;
    }

    /**
     * {@return this builder}, with {@link ProducerSettings#maxRecordsPerRequest()} set to {@code v}
     *
     * @param v the new value, checked by {@link #build()} or here when null
     */
    public Builder maxRecordsPerRequest(int v) {
      maxRecordsPerRequest = v;
      return this;
    }

    /**
     * {@return this builder}, with {@link ProducerSettings#maxBytesPerRequest()} set to {@code v}
     *
     * @param v the new value, checked by {@link #build()} or here when null
     */
    public Builder maxBytesPerRequest(long v) {
      maxBytesPerRequest = v;
      return this;
    }

    /**
     * {@return this builder}, with {@link ProducerSettings#maxRecordBytes()} set to {@code v}
     *
     * @param v the new value, checked by {@link #build()} or here when null
     */
    public Builder maxRecordBytes(int v) {
      maxRecordBytes = v;
      return this;
    }

    /**
     * {@return this builder}, with {@link ProducerSettings#maxAttempts()} set to {@code v}
     *
     * @param v the new value, checked by {@link #build()} or here when null
     */
    public Builder maxAttempts(int v) {
      maxAttempts = v;
      return this;
    }

    /**
     * {@return this builder}, with {@link ProducerSettings#maxRetryTime()} set to {@code v}
     *
     * @param v the new value, checked by {@link #build()} or here when null
     */
    public Builder maxRetryTime(Duration v) {
      maxRetryTime = Objects.requireNonNull(v, "maxRetryTime");
      return this;
    }

    /**
     * {@return this builder}, with {@link ProducerSettings#baseBackoff()} set to {@code v}
     *
     * @param v the new value, checked by {@link #build()} or here when null
     */
    public Builder baseBackoff(Duration v) {
      baseBackoff = Objects.requireNonNull(v, "baseBackoff");
      return this;
    }

    /**
     * {@return this builder}, with {@link ProducerSettings#maxBackoff()} set to {@code v}
     *
     * @param v the new value, checked by {@link #build()} or here when null
     */
    public Builder maxBackoff(Duration v) {
      maxBackoff = Objects.requireNonNull(v, "maxBackoff");
      return this;
    }

    /**
     * {@return this builder}, with {@link ProducerSettings#requestTimeout()} set to {@code v}
     *
     * @param v the new value, checked by {@link #build()} or here when null
     */
    public Builder requestTimeout(Duration v) {
      requestTimeout = Objects.requireNonNull(v, "requestTimeout");
      return this;
    }

    /**
     * {@return this builder}, with {@link ProducerSettings#maxConcurrentRequests()} set to {@code v}
     *
     * @param v the new value, checked by {@link #build()} or here when null
     */
    public Builder maxConcurrentRequests(int v) {
      maxConcurrentRequests = v;
      return this;
    }

    /**
     * {@return this builder}, with {@link ProducerSettings#maxBufferedRecords()} set to {@code v}
     *
     * @param v the new value, checked by {@link #build()} or here when null
     */
    public Builder maxBufferedRecords(int v) {
      maxBufferedRecords = v;
      return this;
    }

    /**
     * {@return this builder}, with {@link ProducerSettings#maxBufferedBytes()} set to {@code v}
     *
     * @param v the new value, checked by {@link #build()} or here when null
     */
    public Builder maxBufferedBytes(long v) {
      maxBufferedBytes = v;
      return this;
    }

    /**
     * {@return this builder}, with {@link ProducerSettings#bufferFullWait()} set to {@code v}
     *
     * @param v the new value, checked by {@link #build()} or here when null
     */
    public Builder bufferFullWait(Duration v) {
      bufferFullWait = Objects.requireNonNull(v, "bufferFullWait");
      return this;
    }

    /**
     * {@return this builder}, with {@link ProducerSettings#closeTimeout()} set to {@code v}
     *
     * @param v the new value, checked by {@link #build()} or here when null
     */
    public Builder closeTimeout(Duration v) {
      closeTimeout = Objects.requireNonNull(v, "closeTimeout");
      return this;
    }

    /**
     * The settings.
     *
     * @return the settings, immutable
     * @throws IllegalArgumentException if maxBackoff is below baseBackoff, or a record could
     *     not fit into a request or the buffer
     */
    public ProducerSettings build() {
      if (maxBackoff.compareTo(baseBackoff) < 0) {
        throw new IllegalArgumentException("maxBackoff " + maxBackoff + " is below baseBackoff "
            + baseBackoff);
      }
      if (maxRecordBytes > maxBytesPerRequest || maxRecordBytes > maxBufferedBytes) {
        throw new IllegalArgumentException("maxRecordBytes " + maxRecordBytes + " exceeds "
            + "maxBytesPerRequest " + maxBytesPerRequest + " or maxBufferedBytes " + maxBufferedBytes);
      }
      return new ProducerSettings(this);
    }
  }
}
