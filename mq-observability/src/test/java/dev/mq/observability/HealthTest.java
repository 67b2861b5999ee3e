package dev.mq.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.Broker;
import dev.mq.Capability;
import dev.mq.MessageQueue;
import dev.mq.MessageQueues;
import dev.mq.spi.BrokerInsight;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The health check and its gauge: closed, lag over the threshold, provider problems. */
class HealthTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void anOpenInMemoryBrokerIsHealthyAndAClosedOneIsNot() {
    ObservedBroker broker = Observability.builder().meterRegistry(registry).build()
        .instrument(MessageQueues.connect(Map.of("mq.provider", "inmemory")));
    assertThat(broker.health()).isEqualTo(new BrokerHealth(true, List.of()));
    assertThat(gauge()).isEqualTo(1);

    broker.close();

    assertThat(broker.health().healthy()).isFalse();
    assertThat(broker.health().problems()).singleElement().asString().contains("closed");
    assertThat(gauge()).isZero();
  }

  @Test
  void lagOverTheThresholdAndProviderProblemsFailTheCheck() {
    FakeBroker fake = new FakeBroker();
    ObservedBroker broker = Observability.builder().meterRegistry(registry)
        .lagThreshold(Duration.ofSeconds(10)).build().instrument(fake);
    fake.lag = 9_000;
    assertThat(broker.health().healthy()).isTrue();

    fake.lag = 11_000;
    assertThat(broker.health().problems()).singleElement().asString()
        .contains("11000 ms", "10000 ms", "shard-7");
    assertThat(gauge()).isZero();

    fake.lag = 0;
    fake.problems.add("the reader of shard-7 keeps failing");
    assertThat(broker.health().problems()).containsExactly("the reader of shard-7 keeps failing");

    fake.problems.clear();
    assertThat(broker.health().healthy()).isTrue();
    assertThat(gauge()).isEqualTo(1);
    assertThat(registry.get(BrokerInsight.LAG_MILLIS).tag(BrokerInsight.PARTITION, "shard-7")
        .gauge().value()).isZero();
    broker.close();
  }

  private double gauge() {
    return registry.get(MetricNames.BROKER_HEALTH).gauge().value();
  }

  /** A broker that only reports insight. */
  private static final class FakeBroker implements Broker, BrokerInsight {
    volatile double lag;
    final List<String> problems = new ArrayList<>();

    @Override
    public List<Reading> readings() {
      return List.of(new Reading(LAG_MILLIS, Kind.GAUGE,
          Map.of(QUEUE, "q", GROUP, "g", PARTITION, "shard-7"), lag));
    }

    @Override
    public List<String> problems() {
      return List.copyOf(problems);
    }

    @Override
    public int maxDeliveryAttempts() {
      return 3;
    }

    @Override
    public Optional<String> deadLetterQueue(String queue) {
      return Optional.empty();
    }

    @Override
    public String provider() {
      return "fake";
    }

    @Override
    public Set<Capability> capabilities() {
      return Set.of();
    }

    @Override
    public String defaultConsumerGroup() {
      return "g";
    }

    @Override
    public MessageQueue queue(String name) {
      throw new UnsupportedOperationException();
    }

    @Override
    public MessageQueue queue(String name, String consumerGroup) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
  }
}
