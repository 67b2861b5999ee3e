package dev.mq.examples;

import dev.mq.MessageQueues;
import dev.mq.observability.MetricNames;
import dev.mq.observability.ObservedBroker;
import dev.mq.observability.Observability;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@link OrderPipeline} with {@code mq-observability} turned on: the same run on an instrumented
 * broker, then the metrics it recorded and the broker's health. Run with
 * {@code ./mvnw -B -q -pl mq-examples -am package -DskipTests -Prun-example
 * -Dexample.mainClass=dev.mq.examples.ObservedOrderPipeline}.
 */
public final class ObservedOrderPipeline {

  private ObservedOrderPipeline() {}

  /**
   * Runs the pipeline on the configured broker, instrumented, and prints its metrics.
   *
   * @param args not used
   * @throws IllegalStateException when an order is unaccounted for
   * @throws InterruptedException if interrupted while waiting for the orders
   */
  public static void main(String[] args) throws InterruptedException {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    PipelineSummary summary;
    try (ObservedBroker broker = Observability.builder().meterRegistry(registry).build()
        .instrument(MessageQueues.connect())) {
      summary = OrderPipeline.run(broker, OrderPipeline.ORDERS, OrderPipeline.TIMEOUT, System.out);
      System.out.println("Health: " + broker.health());
    }
    printMetrics(registry, System.out);
    if (!summary.complete()) {
      throw new IllegalStateException("the order pipeline left orders unaccounted for: " + summary);
    }
  }

  /**
   * Prints every counter and timer of the messaging metrics, one line each, sorted.
   *
   * @param registry the registry the metrics were recorded in
   * @param out where to print
   */
  public static void printMetrics(MeterRegistry registry, PrintStream out) {
    out.println("Metrics");
    registry.getMeters().stream()
        .filter(m -> m.getId().getName().startsWith("messaging.")
            || m.getId().getName().startsWith("mq.client."))
        .sorted(Comparator.comparing((Meter m) -> m.getId().getName())
            .thenComparing(m -> m.getId().getTags().toString()))
        .forEach(m -> {
          String value;
          if (m instanceof Counter c) {
            value = String.format("%.0f", c.count());
          } else if (m instanceof Timer t) {
            value = String.format("count %d, mean %.3f ms, max %.3f ms", t.count(),
                t.mean(TimeUnit.MILLISECONDS), t.max(TimeUnit.MILLISECONDS));
          } else {
            return;
          }
          if (value.equals("0") || value.startsWith("count 0,")) {
            return; // made up front, never used in this run
          }
          String tags = m.getId().getTags().stream()
              .filter(t -> !t.getKey().equals(MetricNames.SYSTEM))
              .map(t -> t.getKey() + "=" + t.getValue())
              .collect(Collectors.joining(", "));
          out.printf("  %-36s {%s} %s%n", m.getId().getName(), tags, value);
        });
  }
}
