package dev.mq.kinesis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.MessageQueue;
import dev.mq.Subscription;
import dev.mq.kinesis.checkpoint.Checkpoint;
import dev.mq.kinesis.internal.checkpoint.FileCheckpointStore;
import dev.mq.kinesis.testing.KinesisEndpoint;
import dev.mq.kinesis.testing.KinesisEndpointExtension;
import dev.mq.kinesis.testing.TestStreams;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ScalingType;
import software.amazon.awssdk.services.kinesis.model.UpdateShardCountRequest;

/**
 * Split, merge and shard-count changes while a subscription consumes: nothing is lost, nothing
 * is delivered twice, and each key's messages arrive in push order although the key moves from
 * parent to child shards.
 */
@ExtendWith(KinesisEndpointExtension.class)
class ReshardingTest {

  @TempDir
  Path dir;

  @Test
  void splitMergeAndShardCountChangesKeepEveryMessageAndPerKeyOrder(KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("reshard", 2);
    List<String> closed;
    try (KinesisClient admin = endpoint.syncClient();
        KinesisBroker broker = ProviderTests.connect(config(endpoint))) {
      ReshardingLoad load = new ReshardingLoad(admin, stream, 12, 4);
      MessageQueue q = broker.queue(stream);
      load.pushPhase(q);
      load.splitFirstShard();
      load.pushPhase(q);

      // Consumption starts with a backlog in parent and child shards, and goes on (slowly)
      // through the merge and the shard-count change.
      Subscription s = load.subscribe(q);
      load.mergeLowestShards();
      load.pushPhase(q);
      admin.updateShardCount(UpdateShardCountRequest.builder().streamName(stream)
          .targetShardCount(4).scalingType(ScalingType.UNIFORM_SCALING).build());
      TestStreams.awaitActive(admin, stream);
      load.pushPhase(q);

      load.awaitAllInKeyOrder(q, s);
      assertThat(load.allShards()).as("the stream was resharded").hasSizeGreaterThan(6);
      closed = load.closedShards();
    }
    Map<String, Checkpoint> saved = new FileCheckpointStore(dir).load(stream, "default");
    closed.forEach(id -> assertThat(saved.get(id)).as("closed shard " + id).isEqualTo(Checkpoint.shardEnd()));
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
}
