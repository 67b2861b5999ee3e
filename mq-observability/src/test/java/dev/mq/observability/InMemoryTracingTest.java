package dev.mq.observability;

import dev.mq.Broker;
import dev.mq.MessageQueues;
import java.util.Map;

/** {@link TracedPipelineKit} on the in-memory provider. */
class InMemoryTracingTest extends TracedPipelineKit {

  @Override
  protected Broker connect() {
    return MessageQueues.connect(Map.of(
        "mq.provider", "inmemory",
        "mq.max-delivery-attempts", "2",
        "mq.dead-letter-queue", "{queue}-dlq",
        "mq.retry.initial-delay", "0ms"));
  }
}
