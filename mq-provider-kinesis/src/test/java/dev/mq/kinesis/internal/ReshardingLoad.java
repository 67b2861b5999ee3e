package dev.mq.kinesis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.Subscription;
import dev.mq.SubscriptionOptions;
import dev.mq.kinesis.testing.TestStreams;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.MergeShardsRequest;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardFilter;
import software.amazon.awssdk.services.kinesis.model.ShardFilterType;
import software.amazon.awssdk.services.kinesis.model.SplitShardRequest;

/**
 * The load of the resharding tests: phases of keyed pushes (each key's bodies count up), a slow
 * subscription that records {@code key#body}, the reshard operations between phases, and the
 * check that every message came once and each key's in push order.
 */
final class ReshardingLoad {

  private final KinesisClient admin;
  private final String stream;
  private final int keys;
  private final int perKeyPerPhase;
  private final List<String> delivered = Collections.synchronizedList(new ArrayList<>());
  private int pushedPerKey;

  ReshardingLoad(KinesisClient admin, String stream, int keys, int perKeyPerPhase) {
    this.admin = admin;
    this.stream = stream;
    this.keys = keys;
    this.perKeyPerPhase = perKeyPerPhase;
  }

  /** Pushes {@code perKeyPerPhase} messages to every key. */
  void pushPhase(MessageQueue q) {
    for (int n = 0; n < perKeyPerPhase; n++) {
      List<Envelope> batch = new ArrayList<>();
      for (int k = 0; k < keys; k++) {
        batch.add(Envelope.builder().partitionKey("key-" + k).body(Integer.toString(pushedPerKey)).build());
      }
      q.pushAll(batch);
      pushedPerKey++;
    }
  }

  /** A slow subscription (5 ms per message, 4 workers) that records what it is handed. */
  Subscription subscribe(MessageQueue q) {
    return q.subscribe(e -> {
      delivered.add(e.partitionKey().orElseThrow() + "#" + e.bodyAsString());
      Thread.sleep(5);
    }, SubscriptionOptions.builder().concurrency(4).pollWait(Duration.ofMillis(200)).build());
  }

  /** Splits the first open shard in the middle of its hash range and waits until ACTIVE. */
  void splitFirstShard() {
    Shard first = openShards().get(0);
    BigInteger lo = new BigInteger(first.hashKeyRange().startingHashKey());
    BigInteger hi = new BigInteger(first.hashKeyRange().endingHashKey());
    admin.splitShard(SplitShardRequest.builder().streamName(stream).shardToSplit(first.shardId())
        .newStartingHashKey(lo.add(hi).shiftRight(1).toString()).build());
    TestStreams.awaitActive(admin, stream);
  }

  /** Merges the two open shards with the lowest hash ranges and waits until ACTIVE. */
  void mergeLowestShards() {
    List<Shard> open = openShards();
    open.sort(Comparator.comparing(sh -> new BigInteger(sh.hashKeyRange().startingHashKey())));
    admin.mergeShards(MergeShardsRequest.builder().streamName(stream)
        .shardToMerge(open.get(0).shardId()).adjacentShardToMerge(open.get(1).shardId()).build());
    TestStreams.awaitActive(admin, stream);
  }

  /**
   * Waits until every pushed message was delivered, closes the subscription, and checks: nothing
   * more comes, no duplicates, every key complete and in push order.
   */
  void awaitAllInKeyOrder(MessageQueue q, Subscription s) {
    int expected = keys * pushedPerKey;
    ProviderTests.await(expected + " messages delivered", () -> delivered.size() >= expected);
    s.close();
    ProviderTests.assertNothingMore(q);
    assertThat(delivered).as("no duplicates").doesNotHaveDuplicates().hasSize(expected);
    Map<String, List<Integer>> byKey = new TreeMap<>();
    synchronized (delivered) {
      for (String d : delivered) {
        String[] parts = d.split("#");
        byKey.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
      }
    }
    assertThat(byKey).hasSize(keys);
    byKey.forEach((key, seqs) -> assertThat(seqs).as("order of key " + key).isSorted()
        .hasSize(pushedPerKey));
  }

  /** The shards that are still open. */
  List<Shard> openShards() {
    return new ArrayList<>(admin.listShards(ListShardsRequest.builder().streamName(stream)
        .shardFilter(ShardFilter.builder().type(ShardFilterType.AT_LATEST).build()).build()).shards());
  }

  /** The ids of every shard, open or closed. */
  List<String> allShards() {
    return admin.listShards(ListShardsRequest.builder().streamName(stream).build()).shards().stream()
        .map(Shard::shardId).toList();
  }

  /** The ids of the closed shards. */
  List<String> closedShards() {
    List<String> open = openShards().stream().map(Shard::shardId).toList();
    return allShards().stream().filter(id -> !open.contains(id)).toList();
  }
}
