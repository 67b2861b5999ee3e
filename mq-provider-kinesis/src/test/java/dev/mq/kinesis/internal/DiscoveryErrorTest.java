package dev.mq.kinesis.internal;

import dev.mq.MessageQueue;
import dev.mq.kinesis.testing.KinesisEndpoint;
import dev.mq.kinesis.testing.KinesisEndpointExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;

/** Periodic shard discovery survives an {@link Error} thrown in one of its rounds. */
@ExtendWith(KinesisEndpointExtension.class)
class DiscoveryErrorTest {

  @TempDir
  Path dir;

  @Test
  void anErrorInOneDiscoveryRoundDoesNotEndDiscovery(KinesisEndpoint endpoint) throws Exception {
    String stream = endpoint.createStream("discovery-error", 1);
    AtomicInteger listings = new AtomicInteger();
    ExecutionInterceptor errorOnce = new ExecutionInterceptor() {
      @Override
      public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        // the first listing is the engine's start, the second the first periodic round
        if (context.request() instanceof ListShardsRequest && listings.incrementAndGet() == 2) {
          throw new Error("injected (test) in the first periodic shard listing");
        }
      }
    };
    try (KinesisBroker broker = ProviderTests.connect(ProviderTests.config(endpoint, dir), errorOnce);
        MessageQueue q = broker.queue(stream)) {
      q.dequeue(Duration.ofMillis(100)); // starts the group's engine: discovery every 300 ms
      ProviderTests.await("shard discovery goes on after the Error", () -> listings.get() >= 4);
    }
  }
}
