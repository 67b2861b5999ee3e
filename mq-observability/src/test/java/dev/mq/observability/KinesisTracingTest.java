package dev.mq.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.Broker;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.MessageQueues;
import dev.mq.Subscription;
import dev.mq.kinesis.testing.KinesisEndpointExtension;
import dev.mq.spi.BrokerInsight;
import io.micrometer.core.instrument.Gauge;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link TracedPipelineKit} on the Kinesis provider against kinesis-local (started once per
 * test JVM by the provider's test harness), plus the provider's readings: per-shard lag from
 * {@code MillisBehindLatest}, shards read, producer buffer.
 */
class KinesisTracingTest extends TracedPipelineKit {

  @Override
  protected Broker connect() {
    Map<String, String> config = KinesisEndpointExtension.endpoint().providerConfig();
    config.put("mq.max-delivery-attempts", "2");
    config.put("mq.dead-letter-queue", "{queue}-dlq");
    config.put("mq.kinesis.checkpoint-store", "memory");
    config.put("mq.kinesis.checkpoint-interval", "100ms");
    config.put("mq.kinesis.poll-interval", "200ms");
    return MessageQueues.connect(config);
  }

  @Test
  void theProviderReportsLagPerShardAndTheBrokerIsHealthy() {
    String name = uniqueQueue();
    AtomicInteger handled = new AtomicInteger();
    try (MessageQueue q = broker.queue(name)) {
      q.push(Envelope.of("x"));
      try (Subscription s = q.subscribe(e -> handled.incrementAndGet())) {
        Waits.until(WAIT, () -> "handled " + handled, () -> handled.get() == 1);
        Waits.until(WAIT, () -> "a lag reading of " + name + " in " + registry.getMetersAsString(),
            () -> {
              broker.health(); // takes the readings now
              return registry.find(BrokerInsight.LAG_MILLIS).tag(BrokerInsight.QUEUE, name).gauge() != null;
            });
        Gauge lag = registry.get(BrokerInsight.LAG_MILLIS).tag(BrokerInsight.QUEUE, name).gauge();
        assertThat(lag.getId().getTag(BrokerInsight.PARTITION)).startsWith("shardId-");
        assertThat(lag.value()).isGreaterThanOrEqualTo(0);
        assertThat(registry.get("mq.kinesis.shards.read").tag(BrokerInsight.QUEUE, name).gauge().value())
            .isEqualTo(1);
        assertThat(registry.get("mq.kinesis.producer.buffered.records").gauge().value()).isZero();
        assertThat(broker.health().problems()).isEmpty();
      }
    }
  }
}
