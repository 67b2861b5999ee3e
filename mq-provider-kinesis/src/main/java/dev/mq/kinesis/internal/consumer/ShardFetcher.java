package dev.mq.kinesis.internal.consumer;

/**
 * How a {@link ShardReader} gets the records of its shard: by polling with GetRecords, or from
 * an enhanced fan-out subscription. The reader keeps the pacing, read-ahead, hand-over, tracking
 * and end-of-shard logic; a fetcher only fetches, and remembers where to resume after a renewal.
 *
 * <p>A fetcher is used by one reader step at a time (never concurrently), and may be called from
 * any scheduler thread.
 */
public interface ShardFetcher {

  /**
   * Fetches what is available now, at most about {@code maxRecords} records (one response or
   * event may overshoot).
   *
   * @throws RuntimeException when fetching failed; the reader backs off and calls again
   * @param maxRecords about the most records to return
   * @return what was fetched
   */
  Fetch fetch(int maxRecords);

  /** {@return the shortest time between two fetches of this shard, in nanoseconds} */
  long minIntervalNanos();

  /**
   * {@return how long to wait before the next fetch once the shard is caught up, in nanoseconds}
   */
  long idleIntervalNanos();

  /** Releases what the fetcher holds (e.g. cancels its subscription). Idempotent. */
  void close();
}
