package dev.mq.observability;

import dev.mq.Broker;
import dev.mq.observability.internal.InstrumentedBroker;
import dev.mq.observability.internal.Telemetry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.Objects;

/**
 * Turns on metrics, traces, MDC logs and health for any provider's broker:
 *
 * <pre>{@code
 * ObservedBroker broker = Observability.builder()
 *     .meterRegistry(registry)        // Micrometer; none: no metrics
 *     .openTelemetry(openTelemetry)   // the SDK the application set up; none: no traces
 *     .build()
 *     .instrument(MessageQueues.connect());
 * }</pre>
 *
 * <p>One instance may instrument several brokers. It holds no resources itself; each
 * instrumented broker holds one daemon thread that reads the provider's gauges, stopped when the
 * broker closes.
 */
public final class Observability {

  /** Default lag over which the health check reports a group: one minute. */
  public static final Duration DEFAULT_LAG_THRESHOLD = Duration.ofMinutes(1);
  /** Default interval at which the provider's gauges are read: ten seconds. */
  public static final Duration DEFAULT_READINGS_INTERVAL = Duration.ofSeconds(10);
  /** The instrumentation scope name of the tracer. */
  public static final String INSTRUMENTATION_NAME = "dev.mq.observability";

  private final Telemetry telemetry;

  private Observability(Builder b) {
    this.telemetry = new Telemetry(b.meterRegistry, b.openTelemetry, INSTRUMENTATION_NAME,
        b.lagThreshold, b.readingsInterval);
  }

  /** {@return a builder: no metrics, no traces, the default threshold and interval} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@return the broker, instrumented: every method delegates to it, and its queues are
   * instrumented} Close the returned broker instead of {@code broker}.
   *
   * @param broker the broker to instrument
   */
  public ObservedBroker instrument(Broker broker) {
    Objects.requireNonNull(broker, "broker");
    if (broker instanceof ObservedBroker) {
      throw new IllegalArgumentException("the broker is instrumented already");
    }
    return InstrumentedBroker.start(broker, telemetry);
  }

  /** Builds {@link Observability}. */
  public static final class Builder {
    private MeterRegistry meterRegistry = new CompositeMeterRegistry(); // holds no registry: no-op
    private OpenTelemetry openTelemetry = OpenTelemetry.noop();
    private Duration lagThreshold = DEFAULT_LAG_THRESHOLD;
    private Duration readingsInterval = DEFAULT_READINGS_INTERVAL;

    private Builder() {}

    /**
     * Where the metrics go.
     *
     * @param meterRegistry the registry for the metrics
     * @return this builder
     */
    public Builder meterRegistry(MeterRegistry meterRegistry) {
      this.meterRegistry = Objects.requireNonNull(meterRegistry, "meterRegistry");
      return this;
    }

    /**
     * Where the spans go, and the propagator that carries trace context in messages.
     *
     * @param openTelemetry the tracer provider and propagators to use
     * @return this builder
     */
    public Builder openTelemetry(OpenTelemetry openTelemetry) {
      this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
      return this;
    }

    /**
     * Lag (as the provider reports it) over which the health check fails; positive.
     *
     * @param lagThreshold the threshold
     * @return this builder
     */
    public Builder lagThreshold(Duration lagThreshold) {
      this.lagThreshold = positive(lagThreshold, "lagThreshold");
      return this;
    }

    /**
     * How often the provider's gauges are read; 100 ms to one hour.
     *
     * @param readingsInterval the interval
     * @return this builder
     */
    public Builder readingsInterval(Duration readingsInterval) {
      positive(readingsInterval, "readingsInterval");
      if (readingsInterval.compareTo(Duration.ofMillis(100)) < 0
          || readingsInterval.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("readingsInterval must be 100ms..1h: " + readingsInterval);
      }
      this.readingsInterval = readingsInterval;
      return this;
    }

    /** {@return the observability} */
    public Observability build() {
      return new Observability(this);
    }

    private static Duration positive(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive: " + d);
      }
      return d;
    }
  }
}
