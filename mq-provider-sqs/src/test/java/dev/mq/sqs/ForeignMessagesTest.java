package dev.mq.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.Broker;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.sqs.testing.SqsTests;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/** Messages written by other SQS producers are delivered raw, their attributes as properties. */
class ForeignMessagesTest {

  @Test
  void plainSqsMessageIsDeliveredRaw() {
    String name = SqsTests.uniqueName();
    try (Broker broker = SqsTests.connect(); MessageQueue q = broker.queue(name);
        SqsAsyncClient raw = SqsTests.rawClient()) {
      String url = raw.getQueueUrl(r -> r.queueName(name)).join().queueUrl();
      String sqsId = raw.sendMessage(r -> r.queueUrl(url).messageBody("{\"order\":7,\"note\":\"f\u00fcr\"}")
          .messageAttributes(Map.of(
              "type", MessageAttributeValue.builder().dataType("String").stringValue("created").build(),
              "amount", MessageAttributeValue.builder().dataType("Number").stringValue("12.5").build())))
          .join().messageId();

      Envelope e = q.dequeue(Duration.ofSeconds(10)).orElseThrow();
      assertThat(e.messageId()).isEqualTo(sqsId);
      assertThat(e.bodyAsString()).isEqualTo("{\"order\":7,\"note\":\"f\u00fcr\"}");
      assertThat(e.properties()).containsOnly(Map.entry("type", "created"), Map.entry("amount", "12.5"));
      assertThat(e.partitionKey()).isEmpty();
      assertThat(e.deliveryAttempt()).isEqualTo(1);
      q.acknowledge(e);
      assertThat(q.dequeue(Duration.ofMillis(500))).isEmpty();
    }
  }

  @Test
  void fifoGroupIdIsThePartitionKey() {
    String name = SqsTests.uniqueName() + ".fifo";
    try (Broker broker = SqsTests.connect(); MessageQueue q = broker.queue(name);
        SqsAsyncClient raw = SqsTests.rawClient()) {
      String url = raw.getQueueUrl(r -> r.queueName(name)).join().queueUrl();
      raw.sendMessage(r -> r.queueUrl(url).messageBody("hello").messageGroupId("customer-9")
          .messageDeduplicationId("d-1")).join();

      Envelope e = q.dequeue(Duration.ofSeconds(10)).orElseThrow();
      assertThat(e.bodyAsString()).isEqualTo("hello");
      assertThat(e.partitionKey()).contains("customer-9");
      q.acknowledge(e);
    }
  }

  @Test
  void envelopeIsOneBinaryAttributeOnTheWire() {
    String name = SqsTests.uniqueName();
    try (Broker broker = SqsTests.connect(); MessageQueue q = broker.queue(name);
        SqsAsyncClient raw = SqsTests.rawClient()) {
      Envelope sent = Envelope.builder().body(new byte[] {0, 1, (byte) 0xfe}).property("a", "b").build();
      q.push(sent);
      String url = raw.getQueueUrl(r -> r.queueName(name)).join().queueUrl();
      var messages = raw.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(10).messageAttributeNames("All"))
          .join().messages();
      assertThat(messages).hasSize(1);
      assertThat(messages.get(0).body()).isEqualTo("mq-envelope:1");
      assertThat(messages.get(0).messageAttributes()).containsOnlyKeys("mq-envelope");
      assertThat(messages.get(0).messageAttributes().get("mq-envelope").dataType()).isEqualTo("Binary");
    }
  }
}
