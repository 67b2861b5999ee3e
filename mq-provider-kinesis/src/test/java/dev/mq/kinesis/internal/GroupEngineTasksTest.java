package dev.mq.kinesis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.kinesis.internal.checkpoint.GatedCheckpointStoreFactory;
import dev.mq.kinesis.testing.KinesisEndpoint;
import dev.mq.kinesis.testing.KinesisEndpointExtension;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;

/**
 * The engine's background tasks: checkpoint writes of different groups never wait for each
 * other, and a task that meets an {@link Error} runs again.
 */
@ExtendWith(KinesisEndpointExtension.class)
class GroupEngineTasksTest {

  @TempDir
  Path dir;

  @AfterEach
  void openTheGate() {
    GatedCheckpointStoreFactory.OPEN.countDown();
  }

  private Map<String, String> config(KinesisEndpoint endpoint) {
    Map<String, String> c = ProviderTests.config(endpoint, dir);
    c.put("mq.kinesis.checkpoint-store", "gated");
    return c;
  }

  @Test
  void aSlowCheckpointWriteOfOneGroupDoesNotHoldBackAnotherGroup(KinesisEndpoint endpoint) {
    GatedCheckpointStoreFactory.OPEN = new CountDownLatch(1);
    String stream = endpoint.createStream("slow-group", 1);
    try (KinesisBroker broker = ProviderTests.connect(config(endpoint))) {
      MessageQueue slow = broker.queue(stream, GatedCheckpointStoreFactory.SLOW);
      MessageQueue fast = broker.queue(stream, "fast");
      slow.push(Envelope.of("m"));
      ProviderTests.receiveAndAck(slow, 1);
      ProviderTests.await("the slow group's checkpoint write is waiting",
          () -> GatedCheckpointStoreFactory.WAITING.get() > 0);
      ProviderTests.receiveAndAck(fast, 1);
      ProviderTests.await("the other group's checkpoint is saved meanwhile",
          () -> GatedCheckpointStoreFactory.SAVED.containsKey(stream + "/fast/shardId-000000000000"));
      assertThat(GatedCheckpointStoreFactory.WAITING.get()).as("the slow write still waits").isPositive();
      GatedCheckpointStoreFactory.OPEN.countDown();
      ProviderTests.await("the slow group's checkpoint is saved once the store answers",
          () -> GatedCheckpointStoreFactory.SAVED.containsKey(stream + "/slow/shardId-000000000000"));
    }
  }

  @Test
  void aHangingCheckpointWriteDoesNotStarveTheShardReaders(KinesisEndpoint endpoint) {
    GatedCheckpointStoreFactory.OPEN = new CountDownLatch(1);
    String stream = endpoint.createStream("hanging-flush", 1);
    try (KinesisBroker broker = ProviderTests.connect(config(endpoint))) {
      MessageQueue q = broker.queue(stream, GatedCheckpointStoreFactory.SLOW);
      q.push(Envelope.of("first"));
      ProviderTests.receiveAndAck(q, 1);
      ProviderTests.await("the checkpoint write hangs", () -> GatedCheckpointStoreFactory.WAITING.get() > 0);
      // every acknowledgement asks for a flush while one hangs; before, each asked-for flush
      // took a scheduler thread (4 by default) to wait for the group's write lock, until none
      // was left for the shard's reader
      for (int i = 0; i < 12; i++) {
        q.push(Envelope.of("m" + i));
        assertThat(ProviderTests.receiveAndAck(q, 1)).as("message %d while the write hangs", i).hasSize(1);
      }
      assertThat(GatedCheckpointStoreFactory.WAITING.get()).as("the first write still hangs").isPositive();
      GatedCheckpointStoreFactory.OPEN.countDown(); // before the close, whose last flush waits for it
      ProviderTests.await("the checkpoint is saved once the store answers",
          () -> GatedCheckpointStoreFactory.SAVED.containsKey(stream + "/slow/shardId-000000000000"));
    }
  }

  @Test
  void aCheckpointWriteThatThrowsAnErrorIsRetried(KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("flush-error", 1);
    try (KinesisBroker broker = ProviderTests.connect(config(endpoint))) {
      MessageQueue q = broker.queue(stream, GatedCheckpointStoreFactory.ERROR);
      q.push(Envelope.of("m"));
      ProviderTests.receiveAndAck(q, 1);
      ProviderTests.await("the checkpoint is saved after the Error",
          () -> GatedCheckpointStoreFactory.SAVED.containsKey(stream + "/error/shardId-000000000000"));
      assertThat(GatedCheckpointStoreFactory.ERRORS.get()).isEqualTo(1);
    }
  }

  @Test
  void shardDiscoveryGoesOnAfterAnError(KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("discovery-error", 1);
    AtomicBoolean armed = new AtomicBoolean();
    AtomicBoolean thrown = new AtomicBoolean();
    AtomicInteger listedAfter = new AtomicInteger();
    ExecutionInterceptor failOnce = new ExecutionInterceptor() {
      @Override
      public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (!(context.request() instanceof ListShardsRequest)) {
          return;
        }
        if (thrown.get()) {
          listedAfter.incrementAndGet();
        } else if (armed.get()) {
          thrown.set(true);
          throw new Error("injected: listing the shards threw an Error");
        }
      }
    };
    Map<String, String> c = ProviderTests.config(endpoint, dir);
    try (KinesisBroker broker = ProviderTests.connect(c, failOnce)) {
      MessageQueue q = broker.queue(stream);
      q.push(Envelope.of("m"));
      ProviderTests.receiveAndAck(q, 1); // the engine runs, its discovery is scheduled
      armed.set(true);
      ProviderTests.await("the Error was thrown", thrown::get);
      ProviderTests.await("the shards are listed again after the Error", () -> listedAfter.get() >= 2);
    }
  }
}
