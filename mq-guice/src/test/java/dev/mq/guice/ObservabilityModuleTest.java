package dev.mq.guice;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.name.Names;
import dev.mq.Broker;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.observability.MetricNames;
import dev.mq.observability.ObservedBroker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObservabilityModuleTest {

  private static final Map<String, String> INMEMORY = Map.of("mq.provider", "inmemory");

  @Test
  void theBoundBrokerAndQueuesAreInstrumentedWithTheBoundRegistry() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Injector injector = Guice.createInjector(
        MqModule.builder().config(INMEMORY).queues("orders").build(),
        new ObservabilityModule(),
        binder -> binder.bind(MeterRegistry.class).toInstance(registry));

    Broker broker = injector.getInstance(Broker.class);
    assertThat(broker).isInstanceOf(ObservedBroker.class);
    ObservedBroker observed = injector.getInstance(ObservedBroker.class);
    assertThat(observed).isSameAs(broker);
    MessageQueue orders = injector.getInstance(Key.get(MessageQueue.class, Names.named("orders")));
    orders.push(Envelope.of("x"));
    assertThat(registry.get(MetricNames.SENT_MESSAGES).tag(MetricNames.DESTINATION, "orders")
        .counter().count()).isEqualTo(1);
    assertThat(observed.health().healthy()).isTrue();

    injector.getInstance(MqLifecycle.class).close();

    assertThat(observed.health().healthy()).isFalse();
    assertThat(registry.get(MetricNames.BROKER_HEALTH).gauge().value()).isZero();
  }

  @Test
  void withoutTheModuleTheBrokerIsTheProvidersOwn() {
    Injector injector = Guice.createInjector(MqModule.builder().config(INMEMORY).build());
    assertThat(injector.getInstance(Broker.class)).isNotInstanceOf(ObservedBroker.class);
    injector.getInstance(MqLifecycle.class).close();
  }
}
