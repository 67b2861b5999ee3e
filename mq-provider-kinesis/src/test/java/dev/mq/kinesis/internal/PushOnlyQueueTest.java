package dev.mq.kinesis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.kinesis.testing.Dynalite;
import dev.mq.kinesis.testing.KinesisEndpoint;
import dev.mq.kinesis.testing.KinesisEndpointExtension;
import dev.mq.kinesis.testing.TestStreams;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * A queue instance that only pushes is a producer: it must not read the stream, and with the
 * dynamodb store it must not take leases away from the group's consumers in other processes
 * (which would strand their messages in a process that never delivers them).
 */
@ExtendWith(KinesisEndpointExtension.class)
class PushOnlyQueueTest {

  private static final Set<String> READ_CALLS =
      Set.of("ListShards", "GetShardIterator", "GetRecords", "SubscribeToShard");

  @TempDir
  Path dir;

  /** Counts Kinesis calls by operation name. */
  private static final class CallCounter implements ExecutionInterceptor {
    final Map<String, Integer> calls = new ConcurrentHashMap<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      calls.merge(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), 1, Integer::sum);
    }

    Set<String> readCalls() {
      return calls.keySet().stream().filter(READ_CALLS::contains).collect(Collectors.toSet());
    }
  }

  @Test
  void aQueueThatOnlyPushesMakesNoReadCalls(KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("push-only", 2);
    CallCounter counter = new CallCounter();
    try (KinesisBroker broker = ProviderTests.connect(ProviderTests.config(endpoint, dir), counter);
         MessageQueue q = broker.queue(stream)) {
      for (int i = 0; i < 20; i++) {
        q.push(Envelope.of("m" + i));
      }
      q.pushAll(List.of(Envelope.of("a"), Envelope.of("b")));
      pauseLongerThanAPollInterval();
      assertThat(counter.calls).containsKey("PutRecords");
      assertThat(counter.readCalls()).as("read calls of a queue that only pushed").isEmpty();

      q.dequeue(Duration.ZERO); // the first consuming call starts the group: the counter sees it
      assertThat(counter.readCalls()).contains("ListShards");
    }
  }

  /** Holds every ListShards call until released, so a group's start can be caught midway. */
  private static final class ListShardsGate implements ExecutionInterceptor {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      if ("ListShards".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
        entered.countDown();
        try {
          release.await(ProviderTests.AWAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  @Test
  void pushesDoNotWaitWhileAGroupStarts(KinesisEndpoint endpoint) throws Exception {
    String stream = endpoint.createStream("start-vs-push", 1);
    ListShardsGate gate = new ListShardsGate();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (KinesisBroker broker = ProviderTests.connect(ProviderTests.config(endpoint, dir), gate);
         MessageQueue consumer = broker.queue(stream, "consumers");
         MessageQueue producer = broker.queue(stream, "producers")) {
      Future<Optional<Envelope>> firstDequeue = pool.submit(() -> consumer.dequeue(Duration.ofSeconds(30)));
      assertThat(gate.entered.await(ProviderTests.AWAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
      // the group's start is stuck in ListShards: a push and a new queue must not wait for it
      Future<?> push = pool.submit(() -> {
        producer.push(Envelope.of("while starting"));
        broker.queue(stream, "another").close();
      });
      try {
        push.get(ProviderTests.AWAIT.toMillis(), TimeUnit.MILLISECONDS);
      } finally {
        gate.release.countDown();
      }
      assertThat(firstDequeue.get(ProviderTests.AWAIT.toMillis(), TimeUnit.MILLISECONDS))
          .hasValueSatisfying(e -> assertThat(e.bodyAsString()).isEqualTo("while starting"));
    } finally {
      gate.release.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void aPushOnlyInstanceTakesNoLeasesFromTheGroupsConsumerElsewhere(KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("push-only-leases", 2);
    try (Dynalite dynalite = Dynalite.start()) {
      Map<String, String> config = dynalite.addStoreConfig(ProviderTests.config(endpoint, dir),
          TestStreams.uniqueName("push-only-leases"), Duration.ofSeconds(2));
      try (KinesisBroker producerProcess = ProviderTests.connect(config);
           KinesisBroker consumerProcess = ProviderTests.connect(config);
           MessageQueue producer = producerProcess.queue(stream);
           MessageQueue consumer = consumerProcess.queue(stream)) {
        // keys spread over both shards; the same group on both sides, as with a shared config
        List<Envelope> sent = IntStream.range(0, 40)
            .mapToObj(i -> Envelope.builder().body("m" + i).partitionKey("k" + i).build()).toList();
        producer.pushAll(sent);
        Set<String> got = new HashSet<>();
        ProviderTests.receiveAndAck(consumer, sent.size()).forEach(e -> got.add(e.bodyAsString()));
        assertThat(got).hasSize(sent.size());
        ProviderTests.assertNothingMore(consumer);
      }
    }
  }

  private static void pauseLongerThanAPollInterval() {
    try {
      Thread.sleep(ProviderTests.QUIET.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
