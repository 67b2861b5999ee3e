package dev.mq.kinesis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.Subscription;
import dev.mq.SubscriptionOptions;
import dev.mq.kinesis.checkpoint.Checkpoint;
import dev.mq.kinesis.internal.checkpoint.FileCheckpointStore;
import dev.mq.kinesis.testing.KinesisEndpoint;
import dev.mq.kinesis.testing.KinesisEndpointExtension;
import dev.mq.kinesis.testing.TestStreams;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.MergeShardsRequest;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardFilter;
import software.amazon.awssdk.services.kinesis.model.ShardFilterType;
import software.amazon.awssdk.services.kinesis.model.SplitShardRequest;

/**
 * Resharding with enhanced fan-out: the end of a parent shard arrives as an event without a
 * continuation (with its child shards), and takes the same path as with polling: parents are
 * read to their end and checkpointed as SHARD_END before their children, so per-key order holds.
 */
@ExtendWith(KinesisEndpointExtension.class)
class FanOutReshardingTest {

  private static final int KEYS = 8;
  private static final int PER_KEY_PER_PHASE = 3;

  @TempDir
  Path dir;

  private final List<String> delivered = Collections.synchronizedList(new ArrayList<>());
  private int pushedPerKey;

  @Test
  void splitAndMergeKeepEveryMessageAndPerKeyOrder(KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("fo-reshard", 2);
    Map<String, String> config = ProviderTests.config(endpoint, dir);
    config.put("mq.kinesis.retrieval", "fan-out");
    List<String> closedShards = new ArrayList<>();
    try (KinesisClient admin = endpoint.syncClient();
        KinesisBroker broker = ProviderTests.connect(config)) {
      MessageQueue q = broker.queue(stream);
      pushPhase(q);
      Shard first = openShards(admin, stream).get(0);
      BigInteger lo = new BigInteger(first.hashKeyRange().startingHashKey());
      BigInteger hi = new BigInteger(first.hashKeyRange().endingHashKey());
      admin.splitShard(SplitShardRequest.builder().streamName(stream).shardToSplit(first.shardId())
          .newStartingHashKey(lo.add(hi).shiftRight(1).toString()).build());
      TestStreams.awaitActive(admin, stream);
      pushPhase(q);

      // consumption starts with a backlog in parents and children, and goes on through a merge
      Subscription s = q.subscribe(e -> {
        delivered.add(e.partitionKey().orElseThrow() + "#" + e.bodyAsString());
        Thread.sleep(5);
      }, SubscriptionOptions.builder().concurrency(4).pollWait(Duration.ofMillis(200)).build());
      List<Shard> open = openShards(admin, stream);
      open.sort((a, b) -> new BigInteger(a.hashKeyRange().startingHashKey())
          .compareTo(new BigInteger(b.hashKeyRange().startingHashKey())));
      admin.mergeShards(MergeShardsRequest.builder().streamName(stream)
          .shardToMerge(open.get(0).shardId()).adjacentShardToMerge(open.get(1).shardId()).build());
      TestStreams.awaitActive(admin, stream);
      pushPhase(q);

      int expected = KEYS * pushedPerKey;
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
      assertThat(byKey).hasSize(KEYS);
      byKey.forEach((key, seqs) -> assertThat(seqs).as("order of key " + key).isSorted()
          .hasSize(pushedPerKey));
      List<String> stillOpen = openShards(admin, stream).stream().map(Shard::shardId).toList();
      admin.listShards(ListShardsRequest.builder().streamName(stream).build()).shards().stream()
          .map(Shard::shardId).filter(id -> !stillOpen.contains(id)).forEach(closedShards::add);
      assertThat(closedShards).as("split and merge closed three shards").hasSize(3);
      assertThat(broker.fanOutStats().orElseThrow().eventsReceived()).isPositive();
    }
    Map<String, Checkpoint> saved = new FileCheckpointStore(dir).load(stream, "default");
    closedShards.forEach(closed ->
        assertThat(saved.get(closed)).as("closed shard " + closed).isEqualTo(Checkpoint.shardEnd()));
  }

  private void pushPhase(MessageQueue q) {
    for (int n = 0; n < PER_KEY_PER_PHASE; n++) {
      List<Envelope> batch = new ArrayList<>();
      for (int k = 0; k < KEYS; k++) {
        batch.add(Envelope.builder().partitionKey("key-" + k).body(Integer.toString(pushedPerKey)).build());
      }
      q.pushAll(batch);
      pushedPerKey++;
    }
  }

  private static List<Shard> openShards(KinesisClient admin, String stream) {
    return new ArrayList<>(admin.listShards(ListShardsRequest.builder().streamName(stream)
        .shardFilter(ShardFilter.builder().type(ShardFilterType.AT_LATEST).build()).build()).shards());
  }
}
