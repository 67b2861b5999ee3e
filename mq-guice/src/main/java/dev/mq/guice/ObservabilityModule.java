package dev.mq.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;
import dev.mq.Broker;
import dev.mq.observability.Observability;
import dev.mq.observability.ObservedBroker;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.util.Optional;

/**
 * Instruments the broker of {@link MqModule} with {@code mq-observability}, using the
 * {@link MeterRegistry} and the {@link OpenTelemetry} bound in the injector, if any (each is an
 * optional binding: without it, no metrics or no traces). Also binds the {@link ObservedBroker},
 * whose {@code health()} is the broker's health check.
 *
 * <pre>{@code
 * Guice.createInjector(MqModule.builder().queues("orders").build(), new ObservabilityModule(),
 *     binder -> binder.bind(MeterRegistry.class).toInstance(registry));
 * }</pre>
 *
 * <p>Needs {@code dev.mq:mq-observability} on the class path (an optional dependency of this
 * module); {@link MqModule} alone does not.
 */
public final class ObservabilityModule extends AbstractModule {

  /** A module that instruments the broker with what the injector binds. */
  public ObservabilityModule() {}

  @Override
  protected void configure() {
    OptionalBinder.newOptionalBinder(binder(), MeterRegistry.class);
    OptionalBinder.newOptionalBinder(binder(), OpenTelemetry.class);
    OptionalBinder.newOptionalBinder(binder(), BrokerDecorator.class).setBinding()
        .to(Instrumenter.class);
  }

  @Provides
  @Singleton
  ObservedBroker observedBroker(Broker broker) {
    return (ObservedBroker) broker;
  }

  /** Builds the {@link Observability} from what the injector has. */
  static final class Instrumenter implements BrokerDecorator {
    private final Observability observability;

    @com.google.inject.Inject
    Instrumenter(Optional<MeterRegistry> registry, Optional<OpenTelemetry> openTelemetry) {
      Observability.Builder b = Observability.builder();
      registry.ifPresent(b::meterRegistry);
      openTelemetry.ifPresent(b::openTelemetry);
      this.observability = b.build();
    }

    @Override
    public Broker decorate(Broker broker) {
      return observability.instrument(broker);
    }
  }
}
