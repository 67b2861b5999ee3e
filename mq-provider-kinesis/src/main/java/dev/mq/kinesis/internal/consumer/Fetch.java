package dev.mq.kinesis.internal.consumer;

import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * What one {@link ShardFetcher#fetch} produced.
 *
 * @param kind what happened
 * @param records the records read, in shard order (empty unless {@link Kind#RECORDS})
 * @param caughtUp true when the shard had nothing more to read just now
 * @param endOfShard true when these are the last records of a closed shard
 * @param millisBehindLatest how far the fetch was behind the shard's newest record, as Kinesis
 *     said ({@code MillisBehindLatest}); -1 when it did not say
 */
public record Fetch(Kind kind, List<Record> records, boolean caughtUp, boolean endOfShard,
    long millisBehindLatest) {

  /** The outcomes a reader paces differently. */
  public enum Kind {
    /** Records (possibly none) were read. */
    RECORDS,
    /** Nothing yet: the fetcher wakes the reader when something arrives. */
    PENDING,
    /** Fetch again after the minimum interval (e.g. an expired iterator was dropped). */
    RETRY,
    /** The service asked to slow down: back off. */
    THROTTLED
  }

  private static final Fetch PENDING = new Fetch(Kind.PENDING, List.of(), false, false, -1);
  private static final Fetch RETRY = new Fetch(Kind.RETRY, List.of(), false, false, -1);
  private static final Fetch THROTTLED = new Fetch(Kind.THROTTLED, List.of(), false, false, -1);

  /**
   * Copies the records, so that the fetch is immutable.
   *
   * @param kind what happened
   * @param records the records read, in shard order (empty unless {@link Kind#RECORDS})
   * @param caughtUp true when the shard had nothing more to read just now
   * @param endOfShard true when these are the last records of a closed shard
   * @param millisBehindLatest how far the fetch was behind the shard's newest record; -1 when
   *     Kinesis did not say
   */
  public Fetch {
    Objects.requireNonNull(kind, "kind");
    records = List.copyOf(records);
  }

  /**
   * {@return records, without {@code MillisBehindLatest}}
   *
   * @param records the records read, in shard order
   * @param caughtUp true when the shard had nothing more to read just now
   * @param endOfShard true when these are the last records of a closed shard
   */
  public static Fetch records(List<Record> records, boolean caughtUp, boolean endOfShard) {
    return new Fetch(Kind.RECORDS, records, caughtUp, endOfShard, -1);
  }

  /**
   * {@return records with Kinesis's {@code MillisBehindLatest}}
   *
   * @param records the records read, in shard order
   * @param caughtUp true when the shard had nothing more to read just now
   * @param endOfShard true when these are the last records of a closed shard
   * @param millisBehindLatest as Kinesis said it, or null when it did not say
   */
  public static Fetch records(List<Record> records, boolean caughtUp, boolean endOfShard,
      Long millisBehindLatest) {
    return new Fetch(Kind.RECORDS, records, caughtUp, endOfShard,
        millisBehindLatest == null ? -1 : millisBehindLatest);
  }

  /** {@return a {@link Kind#PENDING} fetch} */
  public static Fetch pending() {
    return PENDING;
  }

  /** {@return a {@link Kind#RETRY} fetch} */
  public static Fetch retry() {
    return RETRY;
  }

  /** {@return a {@link Kind#THROTTLED} fetch} */
  public static Fetch throttled() {
    return THROTTLED;
  }
}
