package dev.mq.kinesis.internal.producer;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits and timings of a {@link RecordProducer}. Immutable; build with {@link #builder()}.
 * Every value is bounded and has a documented default (see {@code docs/producer.md}).
 */
public final class ProducerSettings {

  /** Kinesis's own limit on records per PutRecords request. */
  public static final int KINESIS_MAX_RECORDS_PER_REQUEST = 500;
  /** Kinesis's own limit on a PutRecords request: data plus partition keys. */
  public static final long KINESIS_MAX_BYTES_PER_REQUEST = 5L * 1024 * 1024;
  /** Kinesis's default limit on one record: data plus partition key. */
  public static final int KINESIS_DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;

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
  }

  /** The defaults. */
  public static ProducerSettings defaults() {
    return builder().build();
  }

  /** A builder holding the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** How long a record may wait for others to share its request; default 5 ms. */
  public Duration linger() {
    return linger;
  }

  /** Records per PutRecords request, 1..500; default 500. */
  public int maxRecordsPerRequest() {
    return maxRecordsPerRequest;
  }

  /** Bytes (data plus partition keys) per request, up to 5 MiB; default 5 MiB. */
  public long maxBytesPerRequest() {
    return maxBytesPerRequest;
  }

  /** Bytes (data plus partition key) of one record; default 1 MiB, Kinesis's default limit. */
  public int maxRecordBytes() {
    return maxRecordBytes;
  }

  /** Attempts per record, the first included, 1..100; default 10. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * Time from a record's submission after which it is not retried, and not first sent either
   * (when it waited that long behind earlier records of its key); default 30 s.
   */
  public Duration maxRetryTime() {
    return maxRetryTime;
  }

  /** Back-off before the first retry, before jitter; default 50 ms. */
  public Duration baseBackoff() {
    return baseBackoff;
  }

  /** Longest back-off, before jitter; default 2 s. */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /** Time one PutRecords call may take, SDK retries included; default 10 s. */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** PutRecords requests in flight at once, over all streams, 1..64; default 8. */
  public int maxConcurrentRequests() {
    return maxConcurrentRequests;
  }

  /** Records accepted but not yet written or failed; default 10,000. */
  public int maxBufferedRecords() {
    return maxBufferedRecords;
  }

  /** Bytes of those records; default 64 MiB. */
  public long maxBufferedBytes() {
    return maxBufferedBytes;
  }

  /** How long a put waits for buffer space before QueueFullException; default 10 s. */
  public Duration bufferFullWait() {
    return bufferFullWait;
  }

  /** How long close waits for buffered records to be written; default 10 s. */
  public Duration closeTimeout() {
    return closeTimeout;
  }

  @Override
  public String toString() {
    return "ProducerSettings[linger=" + linger + ", maxRecordsPerRequest=" + maxRecordsPerRequest
        + ", maxBytesPerRequest=" + maxBytesPerRequest + ", maxRecordBytes=" + maxRecordBytes
        + ", maxAttempts=" + maxAttempts + ", maxRetryTime=" + maxRetryTime
        + ", baseBackoff=" + baseBackoff + ", maxBackoff=" + maxBackoff
        + ", requestTimeout=" + requestTimeout + ", maxConcurrentRequests=" + maxConcurrentRequests
        + ", maxBufferedRecords=" + maxBufferedRecords + ", maxBufferedBytes=" + maxBufferedBytes
        + ", bufferFullWait=" + bufferFullWait + ", closeTimeout=" + closeTimeout + "]";
  }

  /** Builds settings; every setter checks its range and throws IllegalArgumentException. */
  public static final class Builder {
    private Duration linger = Duration.ofMillis(5);
    private int maxRecordsPerRequest = KINESIS_MAX_RECORDS_PER_REQUEST;
    private long maxBytesPerRequest = KINESIS_MAX_BYTES_PER_REQUEST;
    private int maxRecordBytes = KINESIS_DEFAULT_MAX_RECORD_BYTES;
    private int maxAttempts = 10;
    private Duration maxRetryTime = Duration.ofSeconds(30);
    private Duration baseBackoff = Duration.ofMillis(50);
    private Duration maxBackoff = Duration.ofSeconds(2);
    private Duration requestTimeout = Duration.ofSeconds(10);
    private int maxConcurrentRequests = 8;
    private int maxBufferedRecords = 10_000;
    private long maxBufferedBytes = 64L * 1024 * 1024;
    private Duration bufferFullWait = Duration.ofSeconds(10);
    private Duration closeTimeout = Duration.ofSeconds(10);

    private Builder() {}

    /** 0 to 10 s. */
    public Builder linger(Duration v) {
      linger = range("linger", v, Duration.ZERO, Duration.ofSeconds(10));
      return this;
    }

    /** 1 to 500. */
    public Builder maxRecordsPerRequest(int v) {
      maxRecordsPerRequest = (int) range("maxRecordsPerRequest", v, 1, KINESIS_MAX_RECORDS_PER_REQUEST);
      return this;
    }

    /** 1 KiB to 5 MiB. */
    public Builder maxBytesPerRequest(long v) {
      maxBytesPerRequest = range("maxBytesPerRequest", v, 1024, KINESIS_MAX_BYTES_PER_REQUEST);
      return this;
    }

    /** 1 KiB to 10 MiB (a stream's record limit can be raised to 10 MiB). */
    public Builder maxRecordBytes(int v) {
      maxRecordBytes = (int) range("maxRecordBytes", v, 1024, 10L * 1024 * 1024);
      return this;
    }

    /** 1 to 100. */
    public Builder maxAttempts(int v) {
      maxAttempts = (int) range("maxAttempts", v, 1, 100);
      return this;
    }

    /** 100 ms to 1 h. */
    public Builder maxRetryTime(Duration v) {
      maxRetryTime = range("maxRetryTime", v, Duration.ofMillis(100), Duration.ofHours(1));
      return this;
    }

    /** 1 ms to 1 min. */
    public Builder baseBackoff(Duration v) {
      baseBackoff = range("baseBackoff", v, Duration.ofMillis(1), Duration.ofMinutes(1));
      return this;
    }

    /** 1 ms to 5 min. */
    public Builder maxBackoff(Duration v) {
      maxBackoff = range("maxBackoff", v, Duration.ofMillis(1), Duration.ofMinutes(5));
      return this;
    }

    /** 100 ms to 5 min. */
    public Builder requestTimeout(Duration v) {
      requestTimeout = range("requestTimeout", v, Duration.ofMillis(100), Duration.ofMinutes(5));
      return this;
    }

    /** 1 to 64. */
    public Builder maxConcurrentRequests(int v) {
      maxConcurrentRequests = (int) range("maxConcurrentRequests", v, 1, 64);
      return this;
    }

    /** 1 to 1,000,000. */
    public Builder maxBufferedRecords(int v) {
      maxBufferedRecords = (int) range("maxBufferedRecords", v, 1, 1_000_000);
      return this;
    }

    /** 1 KiB to 4 GiB. */
    public Builder maxBufferedBytes(long v) {
      maxBufferedBytes = range("maxBufferedBytes", v, 1024, 4L * 1024 * 1024 * 1024);
      return this;
    }

    /** 0 (fail at once) to 10 min. */
    public Builder bufferFullWait(Duration v) {
      bufferFullWait = range("bufferFullWait", v, Duration.ZERO, Duration.ofMinutes(10));
      return this;
    }

    /** 0 to 10 min. */
    public Builder closeTimeout(Duration v) {
      closeTimeout = range("closeTimeout", v, Duration.ZERO, Duration.ofMinutes(10));
      return this;
    }

    /**
     * The settings.
     *
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

    private static Duration range(String name, Duration v, Duration min, Duration max) {
      Objects.requireNonNull(v, name);
      if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
        throw new IllegalArgumentException(name + " must be from " + min + " to " + max + ": " + v);
      }
      return v;
    }

    private static long range(String name, long v, long min, long max) {
      if (v < min || v > max) {
        throw new IllegalArgumentException(name + " must be from " + min + " to " + max + ": " + v);
      }
      return v;
    }
  }
}
