package dev.mq.sqs;

import dev.mq.sqs.internal.EnvelopeCodec;
import dev.mq.sqs.testing.SqsTestServer;
import dev.mq.tck.MessageQueueTck;
import java.util.Map;

/** The whole contract kit against standard SQS queues (ElasticMQ unless MQ_SQS_ENDPOINT is set). */
class SqsStandardTckTest extends MessageQueueTck {

  @Override
  protected Map<String, String> providerConfig() {
    Map<String, String> c = SqsTestServer.config();
    // the ElasticMQ that keeps its messages, so that restartBroker restarts it for real
    c.put("mq.sqs.endpoint", SqsTestServer.durableEndpoint());
    // short, so that the kit's slow handlers need the visibility keeper
    c.put("mq.sqs.visibility-timeout", "5s");
    return c;
  }

  @Override
  protected void restartBroker() {
    SqsTestServer.restartDurable();
  }

  @Override
  protected int restartLoadMessages() {
    return SqsTestServer.restartLoadMessages(super.restartLoadMessages());
  }

  @Override
  protected int maxMessageSize() {
    return SqsTestServer.maxMessageSize() - EnvelopeCodec.DEAD_LETTER_HEADROOM;
  }

  @Override
  protected Map<String, String> malformedProviderValues() {
    return Map.of(
        "mq.sqs.visibility-timeout", "1500ms",
        "mq.sqs.receive-wait-time", "21s",
        "mq.sqs.receive-batch-size", "11",
        "mq.sqs.producer-batch-size", "0",
        "mq.sqs.create-queues", "maybe",
        "mq.sqs.endpoint", "ftp://127.0.0.1",
        "mq.sqs.max-message-size", "2000000");
  }
}
