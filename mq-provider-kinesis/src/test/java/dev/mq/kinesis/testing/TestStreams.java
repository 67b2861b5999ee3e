package dev.mq.kinesis.testing;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamSummaryResponse;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** Creates, awaits and deletes test streams; every name is unique. */
public final class TestStreams {

  private static final AtomicLong COUNTER = new AtomicLong();
  private static final Duration ACTIVE_WAIT = Duration.ofSeconds(30);
  private static final Duration POLL = Duration.ofMillis(25);

  private TestStreams() {}

  /**
   * A fresh stream name: {@code prefix}, a counter and a random suffix, within Kinesis's
   * 128-character limit and character set.
   */
  public static String uniqueName(String prefix) {
    String safe = prefix.replaceAll("[^a-zA-Z0-9_.-]", "-");
    if (safe.length() > 80) {
      safe = safe.substring(0, 80);
    }
    return safe + "-" + COUNTER.incrementAndGet() + "-"
        + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Creates a uniquely named stream with {@code shards} shards and waits until it is ACTIVE. */
  public static String createActive(KinesisClient client, String prefix, int shards) {
    String name = uniqueName(prefix);
    client.createStream(b -> b.streamName(name).shardCount(shards));
    awaitActive(client, name);
    return name;
  }

  /** Waits (bounded, scaled by the timeout factor) until the stream is ACTIVE. */
  public static void awaitActive(KinesisClient client, String stream) {
    long deadline = System.nanoTime() + TestTimeouts.scaled(ACTIVE_WAIT).toNanos();
    StreamStatus last = null;
    while (System.nanoTime() < deadline) {
      try {
        DescribeStreamSummaryResponse r = client.describeStreamSummary(b -> b.streamName(stream));
        last = r.streamDescriptionSummary().streamStatus();
        if (last == StreamStatus.ACTIVE) {
          return;
        }
      } catch (ResourceNotFoundException e) {
        // creation not visible yet
      }
      sleep(POLL);
    }
    throw new AssertionError("stream " + stream + " did not become ACTIVE within "
        + TestTimeouts.scaled(ACTIVE_WAIT) + "; last status " + last);
  }

  /** Deletes the stream (and its consumers), ignoring one that is gone or being deleted. */
  public static void delete(KinesisClient client, String stream) {
    try {
      client.deleteStream(b -> b.streamName(stream).enforceConsumerDeletion(true));
    } catch (ResourceNotFoundException e) {
      // already gone
    } catch (ResourceInUseException e) {
      if (!isDeleting(client, stream)) {
        throw e;
      }
    }
  }

  private static boolean isDeleting(KinesisClient client, String stream) {
    try {
      return client.describeStreamSummary(b -> b.streamName(stream))
          .streamDescriptionSummary().streamStatus() == StreamStatus.DELETING;
    } catch (ResourceNotFoundException e) {
      return true;
    }
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting", e);
    }
  }

  /**
   * Hands every record of every shard, from TRIM_HORIZON to the current end, to {@code each}
   * with its shard id, shard by shard in ListShards order.
   */
  public static void forEachRecord(KinesisClient client, String stream, BiConsumer<String, Record> each) {
    for (Shard shard : client.listShards(b -> b.streamName(stream)).shards()) {
      String iterator = client.getShardIterator(b -> b.streamName(stream).shardId(shard.shardId())
          .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
      while (iterator != null) {
        String it = iterator;
        GetRecordsResponse r = client.getRecords(b -> b.shardIterator(it).limit(10_000));
        r.records().forEach(rec -> each.accept(shard.shardId(), rec));
        iterator = r.nextShardIterator();
        if (r.records().isEmpty() && Long.valueOf(0).equals(r.millisBehindLatest())) {
          break;
        }
      }
    }
  }
}
