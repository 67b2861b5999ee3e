package dev.mq.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.Broker;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.sqs.testing.SqsTests;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SPEC 3.11 with 7.2 on FIFO queues: a batch dequeue holds at most one message per key, although
 * one ReceiveMessage may return several messages of one message group.
 */
class FifoBatchDequeueTest {

  @Test
  void batchHoldsOneMessagePerKey() {
    String name = SqsTests.uniqueName();
    try (Broker broker = SqsTests.connect("mq.sqs.fifo", "true"); MessageQueue q = broker.queue(name)) {
      List<Envelope> sent = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        sent.add(Envelope.builder().body("a" + i).partitionKey("a").build());
        sent.add(Envelope.builder().body("b" + i).partitionKey("b").build());
      }
      q.pushAll(sent);
      List<Envelope> batch = q.dequeue(10, Duration.ofSeconds(5));
      List<String> bodies = batch.stream().map(Envelope::bodyAsString).toList();
      assertThat(bodies).as("one batch").doesNotHaveDuplicates().containsAnyOf("a0", "b0")
          .doesNotContain("a1", "a2", "b1", "b2");
      batch.forEach(q::acknowledge);
      List<String> rest = new ArrayList<>();
      long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (rest.size() + bodies.size() < 6 && System.nanoTime() < end) {
        for (Envelope e : q.dequeue(10, Duration.ofSeconds(1))) {
          rest.add(e.bodyAsString());
          q.acknowledge(e);
        }
      }
      assertThat(rest.size() + bodies.size()).isEqualTo(6);
    }
  }
}
