package dev.mq.observability.internal;

import dev.mq.Broker;
import dev.mq.Capability;
import dev.mq.MessageQueue;
import dev.mq.observability.BrokerHealth;
import dev.mq.observability.MetricNames;
import dev.mq.observability.ObservedBroker;
import dev.mq.spi.BrokerInsight;
import dev.mq.spi.DaemonThreads;
import io.micrometer.core.instrument.Gauge;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Broker} whose queues are instrumented. Every method delegates. When the broker
 * reports {@link BrokerInsight}, one daemon thread takes its readings at the configured
 * interval (stopped by {@link #close()}); the health gauge and {@link #health()} use them.
 */
public final class InstrumentedBroker implements ObservedBroker {

  private static final Logger log = LoggerFactory.getLogger(InstrumentedBroker.class);

  private final Broker delegate;
  private final Telemetry telemetry;
  private final String system;
  private final BrokerInsight insight;
  private final ProviderReadings readings;
  private final ScheduledExecutorService reader;
  private final Connectivity connectivity = new Connectivity();
  private final Map<String, QueueInstruments> queues = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private InstrumentedBroker(Broker delegate, Telemetry telemetry) {
    this.delegate = delegate;
    this.telemetry = telemetry;
    this.system = delegate.provider();
    this.insight = delegate instanceof BrokerInsight ? (BrokerInsight) delegate : null;
    if (insight != null) {
      this.readings = new ProviderReadings(insight, telemetry.registry(), system);
      this.reader = Executors.newSingleThreadScheduledExecutor(
          DaemonThreads.factory("mq-observability-" + system));
    } else {
      this.readings = null;
      this.reader = null;
    }
  }

  /**
   * Instruments {@code delegate}: registers the health gauge and starts taking readings.
   *
   * @param delegate the provider's broker
   * @param telemetry where the meters and spans go
   * @return the instrumented broker; closing it stops the readings and closes {@code delegate}
   */
  public static InstrumentedBroker start(Broker delegate, Telemetry telemetry) {
    InstrumentedBroker b = new InstrumentedBroker(delegate, telemetry);
    // from the last readings: taking new ones could register meters in the middle of a scrape
    Gauge.builder(MetricNames.BROKER_HEALTH, b, x -> x.check(false).healthy() ? 1 : 0)
        .description("1 while the broker's health check passes, 0 when it does not")
        .tag(MetricNames.SYSTEM, b.system)
        .register(telemetry.registry());
    if (b.readings != null) {
      b.readings.refresh();
      long every = telemetry.readingsInterval().toMillis();
      b.reader.scheduleWithFixedDelay(b::takeReadings, every, every, TimeUnit.MILLISECONDS);
    }
    return b;
  }

  @Override
  public String provider() {
    return delegate.provider();
  }

  @Override
  public Set<Capability> capabilities() {
    return delegate.capabilities();
  }

  @Override
  public String defaultConsumerGroup() {
    return delegate.defaultConsumerGroup();
  }

  @Override
  public MessageQueue queue(String name) {
    MessageQueue q = opened(() -> delegate.queue(name));
    return new InstrumentedQueue(q, instruments(q.name(), q.consumerGroup()));
  }

  @Override
  public MessageQueue queue(String name, String consumerGroup) {
    MessageQueue q = opened(() -> delegate.queue(name, consumerGroup));
    return new InstrumentedQueue(q, instruments(q.name(), q.consumerGroup()));
  }

  @Override
  public BrokerHealth health() {
    return check(true);
  }

  /** The health check, with new readings or with those of the last refresh. */
  private BrokerHealth check(boolean takeReadings) {
    List<String> problems = new ArrayList<>();
    if (closed) {
      problems.add("the " + system + " broker is closed");
      return BrokerHealth.of(problems);
    }
    String failure = connectivity.failure();
    if (failure != null) {
      problems.add(failure);
    }
    if (insight != null) {
      for (BrokerInsight.Reading r : takeReadings ? readings.refresh() : readings.last()) {
        if (r.name().equals(BrokerInsight.LAG_MILLIS)
            && r.value() > telemetry.lagThreshold().toMillis()) {
          problems.add(String.format("lag of %.0f ms over the threshold of %d ms: %s",
              r.value(), telemetry.lagThreshold().toMillis(), new java.util.TreeMap<>(r.attributes())));
        }
      }
      try {
        problems.addAll(insight.problems());
      } catch (RuntimeException e) {
        problems.add("the " + system + " broker could not report its problems: " + e.getClass().getName());
      }
    }
    return BrokerHealth.of(problems);
  }

  @Override
  public Broker delegate() {
    return delegate;
  }

  /** Closes the broker and stops taking readings. */
  @Override
  public void close() {
    closed = true;
    if (reader != null) {
      reader.shutdownNow();
    }
    delegate.close();
  }

  @Override
  public String toString() {
    return "Instrumented[" + delegate + "]";
  }

  /** The periodic task: a failure is logged, never allowed to end the schedule. */
  private void takeReadings() {
    try {
      readings.refresh();
    } catch (RuntimeException e) {
      log.warn("taking the {} broker's readings failed; trying again in {}", system,
          telemetry.readingsInterval(), e);
    }
  }

  private MessageQueue opened(java.util.function.Supplier<MessageQueue> open) {
    try {
      MessageQueue q = open.get();
      connectivity.succeeded();
      return q;
    } catch (RuntimeException e) {
      connectivity.failed(e);
      throw e;
    }
  }

  private QueueInstruments instruments(String queue, String group) {
    return queues.computeIfAbsent(queue + '\u0000' + group, k -> {
      String deadLetterQueue = Outcome.deadLetterTag(insight, queue);
      return new QueueInstruments(queue, group,
          new QueueMeters(telemetry.registry(), system, queue, group, deadLetterQueue),
          new QueueTracing(telemetry.tracing(), telemetry.tracer(), telemetry.propagator(), system, queue, group),
          insight, deadLetterQueue, connectivity);
    });
  }
}
