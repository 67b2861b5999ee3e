package dev.mq.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.MessageQueues;
import dev.mq.Subscription;
import dev.mq.spi.BrokerInsight;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A {@link SimpleMeterRegistry} counts exactly what was pushed, received, acknowledged,
 * rejected (by outcome) and dead-lettered, through dequeue and through a subscription, on the
 * in-memory provider (attempt limit 2, dead-letter queue {@code <queue>-dlq}).
 */
class InMemoryMetricsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final String name = "metrics-" + UUID.randomUUID().toString().substring(0, 8);
  private ObservedBroker broker;

  @BeforeEach
  void connect() {
    broker = Observability.builder().meterRegistry(registry).build()
        .instrument(MessageQueues.connect(Map.of(
            "mq.provider", "inmemory",
            "mq.max-delivery-attempts", "2",
            "mq.dead-letter-queue", "{queue}-dlq",
            "mq.retry.initial-delay", "0ms")));
  }

  @AfterEach
  void close() {
    broker.close();
  }

  @Test
  void dequeuePathCountsEveryOutcome() {
    try (MessageQueue q = broker.queue(name)) {
      q.push(Envelope.of("1"));
      q.pushAll(List.of(Envelope.of("2"), Envelope.of("3"), Envelope.of("4")));
      q.pushAsync(Envelope.of("5")).join();
      assertThat(sent()).isEqualTo(5);

      List<Envelope> five = q.dequeue(5, Duration.ofSeconds(5));
      assertThat(five).hasSize(5);
      assertThat(inFlight()).isEqualTo(5);
      q.acknowledge(five.get(0));
      q.acknowledge(five.get(0)); // twice is harmless, and counted once
      q.reject(five.get(1), false, "bad");                  // dead-lettered
      q.reject(five.get(2), true, "again");                 // requeued (attempt 1 of 2)
      q.reject(five.get(3), Duration.ZERO, "later");        // delayed
      q.reject(five.get(4));                                // requeued
      assertThat(inFlight()).isZero();

      List<Envelope> again = q.dequeue(3, Duration.ofSeconds(5));
      assertThat(again).hasSize(3).allSatisfy(e -> assertThat(e.deliveryAttempt()).isEqualTo(2));
      for (Envelope e : again) {
        q.reject(e, true, "at the limit");                 // attempt 2 of 2: dead-lettered
      }
    }
    assertThat(settled("acknowledged")).isEqualTo(1);
    assertThat(settled("requeued")).isEqualTo(2);
    assertThat(settled("delayed")).isEqualTo(1);
    assertThat(settled("dead-lettered")).isEqualTo(4);
    assertThat(counter(MetricNames.DEAD_LETTERED_MESSAGES)
        .tag(MetricNames.DEAD_LETTER_QUEUE, name + "-dlq")).isEqualTo(4);
    assertThat(counter(MetricNames.CONSUMED_MESSAGES).tag(MetricNames.OPERATION_NAME, "receive"))
        .isEqualTo(8);
    DistributionSummary attempts = registry.get(MetricNames.DELIVERY_ATTEMPTS)
        .tag(MetricNames.DESTINATION, name).summary();
    assertThat(attempts.count()).isEqualTo(8);
    assertThat(attempts.totalAmount()).isEqualTo(5 * 1 + 3 * 2);
    Timer acks = registry.get(MetricNames.OPERATION_DURATION).tag(MetricNames.DESTINATION, name)
        .tag(MetricNames.OPERATION_NAME, "ack").timer();
    assertThat(acks.count()).isEqualTo(2);
    assertThat(registry.get(MetricNames.OPERATION_DURATION).tag(MetricNames.DESTINATION, name)
        .tag(MetricNames.OPERATION_NAME, "send").timer().count()).isEqualTo(3);
    // the provider's own reading: the four dead letters wait in the dead-letter queue
    assertThat(depth(name + "-dlq")).isEqualTo(4);
  }

  @Test
  void acknowledgeAllCountsEachMessageOnceAndTheCallOnce() {
    try (MessageQueue q = broker.queue(name)) {
      q.pushAll(List.of(Envelope.of("a"), Envelope.of("b"), Envelope.of("c")));
      List<Envelope> three = q.dequeue(3, Duration.ofSeconds(5));
      assertThat(three).hasSize(3);
      q.acknowledge(three.get(0));
      q.acknowledgeAll(List.of(three.get(0), three.get(1), three.get(2), three.get(2)));
      assertThat(inFlight()).isZero();
    }
    assertThat(settled("acknowledged")).isEqualTo(3);
    assertThat(registry.get(MetricNames.OPERATION_DURATION).tag(MetricNames.DESTINATION, name)
        .tag(MetricNames.OPERATION_NAME, "ack").timer().count()).as("two ack calls").isEqualTo(2);
  }

  @Test
  void subscriptionPathCountsHandledAndDeadLettered() {
    AtomicInteger calls = new AtomicInteger();
    try (MessageQueue q = broker.queue(name)) {
      for (int i = 0; i < 4; i++) {
        q.push(Envelope.of(i % 2 == 0 ? "ok" : "poison"));
      }
      try (Subscription s = q.subscribe(e -> {
        calls.incrementAndGet();
        if (e.bodyAsString().equals("poison")) {
          throw new IllegalArgumentException("poison");
        }
      })) {
        Waits.until(Duration.ofSeconds(30), () -> "settled " + registry.getMeters().size(),
            () -> settled("acknowledged") == 2 && settled("dead-lettered") == 2);
      }
    }
    assertThat(calls.get()).isEqualTo(6); // 2 ok + 2 poison twice
    assertThat(settled("requeued")).isEqualTo(2);
    assertThat(counter(MetricNames.CONSUMED_MESSAGES).tag(MetricNames.OPERATION_NAME, "process"))
        .isEqualTo(6);
    Timer failed = registry.get(MetricNames.PROCESS_DURATION).tag(MetricNames.DESTINATION, name)
        .tag(MetricNames.ERROR_TYPE, IllegalArgumentException.class.getName()).timer();
    assertThat(failed.count()).isEqualTo(4);
    assertThat(inFlight()).isZero();
    assertThat(registry.get(MetricNames.BROKER_HEALTH).gauge().value()).isEqualTo(1);
  }

  private double sent() {
    return counter(MetricNames.SENT_MESSAGES).tag(MetricNames.ERROR_TYPE, MetricNames.NO_ERROR);
  }

  private double settled(String outcome) {
    return counter(MetricNames.SETTLED_MESSAGES).tag(MetricNames.OUTCOME, outcome);
  }

  private double inFlight() {
    return registry.get(MetricNames.IN_FLIGHT_MESSAGES).tag(MetricNames.DESTINATION, name).gauge().value();
  }

  private double depth(String queue) {
    Gauge g = registry.find(BrokerInsight.DEPTH).tag(BrokerInsight.QUEUE, queue).gauge();
    if (g == null) {
      ((dev.mq.observability.internal.InstrumentedBroker) broker).health(); // refreshes readings
      g = registry.get(BrokerInsight.DEPTH).tag(BrokerInsight.QUEUE, queue).gauge();
    }
    return g.value();
  }

  private CounterQuery counter(String meter) {
    return new CounterQuery(registry.find(meter).tag(MetricNames.DESTINATION, name));
  }

  /** Sums the counters of a search narrowed by more tags. */
  private static final class CounterQuery {
    private final Search search;

    CounterQuery(Search search) {
      this.search = search;
    }

    double tag(String key, String value) {
      return search.tag(key, value).counters().stream().mapToDouble(Counter::count).sum();
    }
  }
}
