package dev.mq.kinesis.internal.consumer;

/** Opens the fetcher of each shard that one group reads from one stream. */
public interface ShardFetchers {

  /**
   * A fetcher for {@code shardId} starting at {@code start}.
   *
   * @param wake called (from any thread) when a fetcher that answered {@link Fetch.Kind#PENDING}
   *     has something to fetch
   * @param shardId the shard
   * @param start where to start reading
   * @return the fetcher
   */
  ShardFetcher open(String shardId, StartPosition start, Runnable wake);
}
