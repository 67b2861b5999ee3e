package dev.mq.kinesis.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.tck.faults.Ledger;
import dev.mq.tck.faults.Waits;
import dev.mq.MessageQueue;
import dev.mq.Subscription;
import dev.mq.SubscriptionOptions;
import dev.mq.kinesis.internal.KinesisBroker;
import dev.mq.kinesis.testing.KinesisEndpoint;
import dev.mq.kinesis.testing.KinesisEndpointExtension;
import dev.mq.kinesis.testing.TestStreams;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ScalingType;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardFilter;
import software.amazon.awssdk.services.kinesis.model.ShardFilterType;

/**
 * Split, merge and UpdateShardCount while four producers push and a subscription of four
 * workers consumes: nothing accepted is lost, and each key's messages are handled in push
 * order across parent and child shards (the ledger checks that no message is delivered before
 * an earlier one of its key was handled).
 */
@ExtendWith(KinesisEndpointExtension.class)
class ReshardingUnderLoadTest {

  private static final int KEYS = 24;
  private static final int PER_KEY = FaultSettings.pick(20, 80);

  @TempDir
  Path dir;

  @Test
  void reshardingWhileProducingAndConsumingLosesNothingAndKeepsPerKeyOrder(KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("reshard-load", 2);
    Ledger ledger = new Ledger();
    Map<String, String> config = FaultTests.config(endpoint, dir);
    // small reads keep parents from being drained at once, so reading a child early would show
    config.put("mq.kinesis.read-ahead-records", "10");
    config.put("mq.kinesis.max-records-per-call", "10");
    int reshards = 0;
    try (KinesisClient admin = endpoint.syncClient();
        KinesisBroker broker = FaultTests.connect(config)) {
      MessageQueue q = broker.queue(stream);
      Subscription s = q.subscribe(e -> {
        ledger.delivered(e.bodyAsString());
        ledger.handled(e.bodyAsString());
      }, SubscriptionOptions.builder().concurrency(4).pollWait(Duration.ofMillis(200)).build());
      Workload work = new Workload(q, ledger, KEYS, PER_KEY, 4).pause(Duration.ofMillis(5)).start();
      int total = KEYS * PER_KEY;

      awaitPushed(work, total / 5);
      List<Shard> open = openShards(admin, stream);
      Shard first = open.get(0);
      BigInteger lo = new BigInteger(first.hashKeyRange().startingHashKey());
      BigInteger hi = new BigInteger(first.hashKeyRange().endingHashKey());
      admin.splitShard(b -> b.streamName(stream).shardToSplit(first.shardId())
          .newStartingHashKey(lo.add(hi).shiftRight(1).toString()));
      TestStreams.awaitActive(admin, stream);
      reshards++;

      awaitPushed(work, total * 2 / 5);
      List<Shard> now = openShards(admin, stream);
      admin.mergeShards(b -> b.streamName(stream).shardToMerge(now.get(0).shardId())
          .adjacentShardToMerge(now.get(1).shardId()));
      TestStreams.awaitActive(admin, stream);
      reshards++;

      awaitPushed(work, total * 3 / 5);
      admin.updateShardCount(b -> b.streamName(stream).targetShardCount(4)
          .scalingType(ScalingType.UNIFORM_SCALING));
      TestStreams.awaitActive(admin, stream);
      reshards++;

      work.awaitDone(FaultTests.AWAIT);
      Waits.awaitWithProgress("every accepted message is handled", FaultTests.AWAIT, ledger::missing,
          () -> ledger.missing() == 0);
      Waits.boundedly("closing the subscription", FaultTests.CLOSE_BOUND, s::close);
      assertThat(admin.listShards(ListShardsRequest.builder().streamName(stream).build()).shards())
          .as("the stream was resharded").hasSizeGreaterThan(5);
    }
    Ledger.Counts c = ledger.counts();
    FaultReport.record("ReshardingUnderLoadTest reshards " + reshards, c, null);
    assertThat(ledger.violations()).as("per-key order across parents and children").isEmpty();
    assertThat(c.lost()).isZero();
    assertThat(c.sent()).isEqualTo(KEYS * PER_KEY);
    assertThat(c.received()).isEqualTo(c.sent());
  }

  private static void awaitPushed(Workload work, int n) {
    Waits.await(n + " pushes", FaultTests.AWAIT, () -> work.pushed() >= n);
  }

  private static List<Shard> openShards(KinesisClient admin, String stream) {
    List<Shard> open = new ArrayList<>(admin.listShards(ListShardsRequest.builder().streamName(stream)
        .shardFilter(ShardFilter.builder().type(ShardFilterType.AT_LATEST).build()).build()).shards());
    open.sort(Comparator.comparing(sh -> new BigInteger(sh.hashKeyRange().startingHashKey())));
    return open;
  }
}
