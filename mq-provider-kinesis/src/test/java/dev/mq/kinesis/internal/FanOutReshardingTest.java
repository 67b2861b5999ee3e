package dev.mq.kinesis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.MessageQueue;
import dev.mq.Subscription;
import dev.mq.kinesis.checkpoint.Checkpoint;
import dev.mq.kinesis.internal.checkpoint.FileCheckpointStore;
import dev.mq.kinesis.testing.KinesisEndpoint;
import dev.mq.kinesis.testing.KinesisEndpointExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Resharding with enhanced fan-out: the end of a parent shard arrives as an event without a
 * continuation (with its child shards), and takes the same path as with polling: parents are
 * read to their end and checkpointed as SHARD_END before their children, so per-key order holds.
 */
@ExtendWith(KinesisEndpointExtension.class)
class FanOutReshardingTest {

  @TempDir
  Path dir;

  @Test
  void splitAndMergeKeepEveryMessageAndPerKeyOrder(KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("fo-reshard", 2);
    Map<String, String> config = ProviderTests.config(endpoint, dir);
    config.put("mq.kinesis.retrieval", "fan-out");
    List<String> closed;
    try (KinesisClient admin = endpoint.syncClient();
        KinesisBroker broker = ProviderTests.connect(config)) {
      ReshardingLoad load = new ReshardingLoad(admin, stream, 8, 3);
      MessageQueue q = broker.queue(stream);
      load.pushPhase(q);
      load.splitFirstShard();
      load.pushPhase(q);

      // consumption starts with a backlog in parents and children, and goes on through a merge
      Subscription s = load.subscribe(q);
      load.mergeLowestShards();
      load.pushPhase(q);

      load.awaitAllInKeyOrder(q, s);
      closed = load.closedShards();
      assertThat(closed).as("split and merge closed three shards").hasSize(3);
      assertThat(broker.fanOutStats().orElseThrow().eventsReceived()).isPositive();
    }
    Map<String, Checkpoint> saved = new FileCheckpointStore(dir).load(stream, "default");
    closed.forEach(id -> assertThat(saved.get(id)).as("closed shard " + id).isEqualTo(Checkpoint.shardEnd()));
  }
}
