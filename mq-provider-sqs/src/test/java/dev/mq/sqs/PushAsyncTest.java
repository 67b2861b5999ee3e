package dev.mq.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.Broker;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.sqs.faults.FaultyHttpClient;
import dev.mq.sqs.faults.FaultyHttpClient.Fault;
import dev.mq.sqs.faults.FaultyHttpClient.Kind;
import dev.mq.sqs.testing.SqsTests;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** pushAsync: batched, in call order per key, and close leaves no future without an outcome. */
class PushAsyncTest {

  private final AtomicReference<FaultyHttpClient> http = new AtomicReference<>();

  private Broker connect(String... overrides) {
    return FaultyHttpClient.connect(http, overrides);
  }

  @Test
  void asyncPushesAreBatchedAndKeepCallOrderOnAFifoQueue() throws Exception {
    String name = SqsTests.uniqueName();
    try (Broker broker = connect("mq.sqs.fifo", "true", "mq.sqs.producer-linger", "20ms");
        MessageQueue q = broker.queue(name)) {
      Fault batches = http.get().on("SendMessageBatch", Kind.THROTTLED).failNext(1);
      List<CompletableFuture<Void>> written = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        written.add(q.pushAsync(Envelope.builder().body("m" + i).partitionKey("k").build()));
      }
      CompletableFuture.allOf(written.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      assertThat(batches.injected()).isEqualTo(1);
      assertThat(batches.attempts()).as("SendMessageBatch attempts for 100 messages").isLessThan(50);
      for (int i = 0; i < 100; i++) {
        Envelope e = q.dequeue(Duration.ofSeconds(10)).orElseThrow();
        assertThat(e.bodyAsString()).isEqualTo("m" + i);
        q.acknowledge(e);
      }
    }
  }

  @Test
  void closeWritesOrFailsEveryPendingPush() throws Exception {
    String name = SqsTests.uniqueName();
    List<CompletableFuture<Void>> written = new ArrayList<>();
    try (Broker broker = connect("mq.sqs.producer-linger", "1s")) {
      MessageQueue q = broker.queue(name);
      for (int i = 0; i < 30; i++) {
        written.add(q.pushAsync(Envelope.of("m" + i)));
      }
      q.close();
      assertThat(written).allMatch(CompletableFuture::isDone);
      long ok = written.stream().filter(f -> !f.isCompletedExceptionally()).count();
      try (MessageQueue reader = broker.queue(name)) {
        int received = 0;
        while (reader.dequeue(Duration.ofSeconds(2)).map(e -> {
          reader.acknowledge(e);
          return e;
        }).isPresent()) {
          received++;
        }
        assertThat(received).isEqualTo(ok).isEqualTo(30);
      }
    }
  }
}
