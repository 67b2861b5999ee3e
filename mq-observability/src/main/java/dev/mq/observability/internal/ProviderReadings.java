package dev.mq.observability.internal;

import dev.mq.observability.MetricNames;
import dev.mq.spi.BrokerInsight;
import dev.mq.spi.BrokerInsight.Reading;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider's readings ({@link BrokerInsight}) as meters: a gauge or function counter per
 * reading, registered when first seen, reading the value of the last {@link #refresh()}. A
 * reading that disappears (a shard read elsewhere now) shows NaN until it comes back.
 */
final class ProviderReadings {

  private static final Logger log = LoggerFactory.getLogger(ProviderReadings.class);
  /** Most distinct readings registered: a bound on meters if a provider's keys ran away. */
  static final int MAX_METERS = 10_000;

  private final BrokerInsight insight;
  private final MeterRegistry registry;
  private final String system;
  /** Value bits of each reading key, NaN when absent from the last refresh. */
  private final Map<String, AtomicLong> values = new ConcurrentHashMap<>();
  private volatile List<Reading> last = List.of();

  ProviderReadings(BrokerInsight insight, MeterRegistry registry, String system) {
    this.insight = insight;
    this.registry = registry;
    this.system = system;
  }

  /** Takes the readings now and updates the meters; returns them. */
  synchronized List<Reading> refresh() {
    List<Reading> now;
    try {
      now = List.copyOf(insight.readings());
    } catch (RuntimeException e) {
      log.warn("the {} broker's readings failed; keeping the previous ones", system, e);
      return last;
    }
    Map<String, Double> seen = new java.util.HashMap<>();
    for (Reading r : now) {
      String key = key(r);
      seen.put(key, r.value());
      if (!values.containsKey(key)) {
        register(key, r);
      }
    }
    for (Map.Entry<String, AtomicLong> e : values.entrySet()) {
      Double v = seen.get(e.getKey());
      if (v != null || !e.getKey().startsWith(BrokerInsight.Kind.COUNTER.name())) {
        // a counter keeps its last total; a gauge that is gone is unknown now
        e.getValue().set(Double.doubleToRawLongBits(v != null ? v : Double.NaN));
      }
    }
    last = now;
    return now;
  }

  /** The readings of the last refresh. */
  List<Reading> last() {
    return last;
  }

  private void register(String key, Reading r) {
    if (values.size() >= MAX_METERS) {
      return;
    }
    AtomicLong bits = new AtomicLong(Double.doubleToRawLongBits(r.value()));
    values.put(key, bits);
    List<String> tags = new ArrayList<>(List.of(MetricNames.SYSTEM, system));
    new TreeMap<>(r.attributes()).forEach((k, v) -> {
      tags.add(k);
      tags.add(v);
    });
    Tags t = Tags.of(tags.toArray(String[]::new));
    if (r.kind() == BrokerInsight.Kind.COUNTER) {
      FunctionCounter.builder(r.name(), bits, b -> Double.longBitsToDouble(b.get()))
          .tags(t).register(registry);
    } else {
      Gauge.builder(r.name(), bits, b -> Double.longBitsToDouble(b.get()))
          .tags(t).strongReference(true).register(registry);
    }
  }

  private static String key(Reading r) {
    return r.kind().name() + '|' + r.name() + '|' + new TreeMap<>(r.attributes());
  }
}
