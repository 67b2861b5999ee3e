package dev.mq.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.Broker;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.sqs.testing.SqsTests;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The delivery attempt is SQS's receive count: it moves with the message between queue instances
 * and connections, and counts toward the attempt limit there.
 */
class ReceiveCountAttemptsTest {

  @Test
  void attemptSurvivesMovingBetweenInstancesAndConnections() {
    String name = SqsTests.uniqueName();
    Envelope sent = Envelope.of("m");
    try (Broker first = SqsTests.connect()) {
      MessageQueue a = first.queue(name);
      a.push(sent);
      assertThat(a.dequeue(Duration.ofSeconds(10)).orElseThrow().deliveryAttempt()).isEqualTo(1);
      a.close(); // gives it back unsettled
      MessageQueue b = first.queue(name);
      Envelope second = b.dequeue(Duration.ofSeconds(10)).orElseThrow();
      assertThat(second.messageId()).isEqualTo(sent.messageId());
      assertThat(second.deliveryAttempt()).isEqualTo(2);
    } // the connection closes holding it
    try (Broker again = SqsTests.connect(); MessageQueue c = again.queue(name)) {
      Envelope third = c.dequeue(Duration.ofSeconds(10)).orElseThrow();
      assertThat(third.messageId()).isEqualTo(sent.messageId());
      assertThat(third.deliveryAttempt()).isEqualTo(3);
      c.acknowledge(third);
    }
  }

  @Test
  void attemptLimitCountsDeliveriesOnOtherConnections() {
    String name = SqsTests.uniqueName();
    try (Broker first = SqsTests.connect("mq.max-delivery-attempts", "2",
        "mq.dead-letter-queue", "{queue}-dlq")) {
      MessageQueue a = first.queue(name);
      a.push(Envelope.of("m"));
      a.dequeue(Duration.ofSeconds(10)).orElseThrow();
      a.close();
    }
    try (Broker second = SqsTests.connect("mq.max-delivery-attempts", "2",
        "mq.dead-letter-queue", "{queue}-dlq");
        MessageQueue b = second.queue(name); MessageQueue dlq = second.queue(name + "-dlq")) {
      Envelope e = b.dequeue(Duration.ofSeconds(10)).orElseThrow();
      assertThat(e.deliveryAttempt()).isEqualTo(2);
      b.reject(e, true, "still failing"); // at the limit: dead-lettered, not requeued
      Envelope dead = dlq.dequeue(Duration.ofSeconds(10)).orElseThrow();
      assertThat(dead.messageId()).isEqualTo(e.messageId());
      assertThat(dead.property("mq.dead-letter.delivery-attempts")).contains("2");
      assertThat(dead.property("mq.dead-letter.reason")).contains("still failing");
      assertThat(b.dequeue(Duration.ofSeconds(1))).isEmpty();
    }
  }
}
