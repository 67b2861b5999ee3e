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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.MergeShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ScalingType;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardFilter;
import software.amazon.awssdk.services.kinesis.model.ShardFilterType;
import software.amazon.awssdk.services.kinesis.model.SplitShardRequest;
import software.amazon.awssdk.services.kinesis.model.UpdateShardCountRequest;

/**
 * Split, merge and shard-count changes while a subscription consumes: nothing is lost, nothing
 * is delivered twice, and each key's messages arrive in push order although the key moves from
 * parent to child shards.
 */
@ExtendWith(KinesisEndpointExtension.class)
class ReshardingTest {

  private static final int KEYS = 12;
  private static final int PER_KEY_PER_PHASE = 4;

  @TempDir
  Path dir;

  private final List<String> delivered = Collections.synchronizedList(new ArrayList<>());
  private int pushedPerKey;

  @Test
  void splitMergeAndShardCountChangesKeepEveryMessageAndPerKeyOrder(KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("reshard", 2);
    List<String> shards;
    List<String> stillOpen;
    try (KinesisClient admin = endpoint.syncClient();
        KinesisBroker broker = ProviderTests.connect(config(endpoint))) {
      MessageQueue q = broker.queue(stream);
      pushPhase(q);
      List<Shard> open = openShards(admin, stream);
      Shard first = open.get(0);
      BigInteger lo = new BigInteger(first.hashKeyRange().startingHashKey());
      BigInteger hi = new BigInteger(first.hashKeyRange().endingHashKey());
      admin.splitShard(SplitShardRequest.builder().streamName(stream).shardToSplit(first.shardId())
          .newStartingHashKey(lo.add(hi).shiftRight(1).toString()).build());
      TestStreams.awaitActive(admin, stream);
      pushPhase(q);

      // Consumption starts with a backlog in parent and child shards, and goes on (slowly)
      // through the merge and the shard-count change.
      Subscription s = q.subscribe(e -> {
        delivered.add(e.partitionKey().orElseThrow() + "#" + e.bodyAsString());
        Thread.sleep(5);
      }, SubscriptionOptions.builder().concurrency(4).pollWait(Duration.ofMillis(200)).build());

      open = openShards(admin, stream);
      open.sort(Comparator.comparing(sh -> new BigInteger(sh.hashKeyRange().startingHashKey())));
      admin.mergeShards(MergeShardsRequest.builder().streamName(stream)
          .shardToMerge(open.get(0).shardId()).adjacentShardToMerge(open.get(1).shardId()).build());
      TestStreams.awaitActive(admin, stream);
      pushPhase(q);

      admin.updateShardCount(UpdateShardCountRequest.builder().streamName(stream)
          .targetShardCount(4).scalingType(ScalingType.UNIFORM_SCALING).build());
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
      assertThat(allShards(admin, stream)).as("the stream was resharded").hasSizeGreaterThan(6);
      shards = allShards(admin, stream);
      stillOpen = openShards(admin, stream).stream().map(Shard::shardId).toList();
    }
    Map<String, Checkpoint> saved = new FileCheckpointStore(dir).load(stream, "default");
    shards.stream().filter(id -> !stillOpen.contains(id)).forEach(closed ->
        assertThat(saved.get(closed)).as("closed shard " + closed).isEqualTo(Checkpoint.shardEnd()));
    try (KinesisBroker restarted = ProviderTests.connect(config(endpoint))) {
      ProviderTests.assertNothingMore(restarted.queue(stream));
    }
  }

  private Map<String, String> config(KinesisEndpoint endpoint) {
    Map<String, String> c = ProviderTests.config(endpoint, dir);
    // A small read-ahead keeps parents from being read to their end at once, so that reading a
    // child early would show up as messages out of order.
    c.put("mq.kinesis.read-ahead-records", "5");
    c.put("mq.kinesis.max-records-per-call", "5");
    return c;
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

  private static List<String> allShards(KinesisClient admin, String stream) {
    return admin.listShards(ListShardsRequest.builder().streamName(stream).build()).shards().stream()
        .map(Shard::shardId).collect(Collectors.toList());
  }
}
