package dev.mq.guice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.ConfigurationException;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Inject;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.ProvisionException;
import com.google.inject.name.Named;
import com.google.inject.name.Names;
import dev.mq.Broker;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.ProviderNotFoundException;
import dev.mq.guice.internal.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MqModuleTest {

  private static final Map<String, String> INMEMORY = Map.of("mq.provider", "inmemory");

  static final class OrderService {
    final MessageQueue orders;
    final MessageQueue invoices;

    @Inject
    OrderService(@Named("orders") MessageQueue orders, @Named("invoices") MessageQueue invoices) {
      this.orders = orders;
      this.invoices = invoices;
    }
  }

  private static Injector injector(String... queues) {
    return Guice.createInjector(MqModule.builder().config(INMEMORY).queues(queues).build());
  }

  @Test
  void bindsTheBrokerAndTheLifecycleAsSingletons() {
    Injector injector = injector();
    Broker broker = injector.getInstance(Broker.class);
    assertThat(broker.provider()).isEqualTo("inmemory");
    assertThat(injector.getInstance(Broker.class)).isSameAs(broker);
    assertThat(injector.getInstance(MqLifecycle.class)).isSameAs(injector.getInstance(MqLifecycle.class));
    injector.getInstance(MqLifecycle.class).close();
  }

  @Test
  void namedQueuesAreInjectedOncePerInjectorAndWork() {
    Injector injector = injector("orders", "invoices");
    OrderService service = injector.getInstance(OrderService.class);
    assertThat(service.orders.name()).isEqualTo("orders");
    assertThat(service.invoices.name()).isEqualTo("invoices");
    assertThat(injector.getInstance(Key.get(MessageQueue.class, Names.named("orders"))))
        .isSameAs(service.orders);
    assertThat(injector.getInstance(OrderService.class).orders).isSameAs(service.orders);

    service.orders.push(Envelope.of("order-1"));
    Envelope e = service.orders.dequeue(Duration.ofSeconds(5)).orElseThrow();
    assertThat(e.bodyAsString()).isEqualTo("order-1");
    service.orders.acknowledge(e);
    assertThat(service.invoices.dequeue()).isEmpty();
    injector.getInstance(MqLifecycle.class).close();
  }

  @Test
  void separateInjectorsHaveSeparateBrokers() {
    Injector first = injector("orders");
    Injector second = injector("orders");
    MessageQueue a = first.getInstance(Key.get(MessageQueue.class, Names.named("orders")));
    MessageQueue b = second.getInstance(Key.get(MessageQueue.class, Names.named("orders")));
    a.push(Envelope.of("only in the first"));
    assertThat(b.dequeue()).isEmpty();
    assertThat(a.dequeue()).isPresent();
    first.getInstance(MqLifecycle.class).close();
    second.getInstance(MqLifecycle.class).close();
  }

  @Test
  void closeClosesTheQueuesAndTheBrokerAndIsIdempotent() throws Exception {
    Injector injector = injector("orders", "invoices");
    OrderService service = injector.getInstance(OrderService.class);
    Broker broker = injector.getInstance(Broker.class);
    MqLifecycle lifecycle = injector.getInstance(MqLifecycle.class);
    assertThat(lifecycle.isClosed()).isFalse();

    CompletableFuture<?>[] closers = new CompletableFuture<?>[4];
    for (int i = 0; i < closers.length; i++) {
      closers[i] = CompletableFuture.runAsync(lifecycle::close);
    }
    CompletableFuture.allOf(closers).get(30, TimeUnit.SECONDS);
    lifecycle.close();

    assertThat(lifecycle.isClosed()).isTrue();
    assertThatThrownBy(() -> service.orders.push(Envelope.of("x"))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(service.invoices::dequeue).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> broker.queue("other")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aQueueFirstInjectedAfterCloseFailsWithIllegalState() {
    Injector injector = injector("late");
    injector.getInstance(MqLifecycle.class).close();
    assertThatThrownBy(() -> injector.getInstance(Key.get(MessageQueue.class, Names.named("late"))))
        .isInstanceOf(ProvisionException.class)
        .hasRootCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void unknownProviderFailsInjectorCreation() {
    MqModule module = MqModule.builder().config(Map.of("mq.provider", "nosuch")).queues("orders").build();
    assertThatThrownBy(() -> Guice.createInjector(module))
        .isInstanceOf(CreationException.class)
        .cause()
        .isInstanceOf(ProviderNotFoundException.class)
        .hasMessageContaining("nosuch")
        .hasMessageContaining("inmemory");
  }

  @Test
  void malformedConfigurationFailsInjectorCreation() {
    MqModule module = MqModule.builder()
        .config(Map.of("mq.provider", "inmemory", "mq.inmemory.capacity", "many")).build();
    assertThatThrownBy(() -> Guice.createInjector(module))
        .isInstanceOf(CreationException.class)
        .cause()
        .isInstanceOf(dev.mq.ConfigurationException.class)
        .hasMessageContaining("mq.inmemory.capacity");
  }

  @Test
  void invalidQueueNameFailsWhenInjected() {
    Injector injector = injector("not valid");
    assertThatThrownBy(() -> injector.getInstance(Key.get(MessageQueue.class, Names.named("not valid"))))
        .isInstanceOf(ProvisionException.class)
        .hasRootCauseInstanceOf(IllegalArgumentException.class);
    injector.getInstance(MqLifecycle.class).close();
  }

  @Test
  void unboundQueueNameIsAGuiceError() {
    Injector injector = injector("orders");
    assertThatThrownBy(() -> injector.getInstance(Key.get(MessageQueue.class, Names.named("other"))))
        .isInstanceOf(ConfigurationException.class);
    injector.getInstance(MqLifecycle.class).close();
  }

  @Test
  void withoutExplicitConfigurationTheDefaultSourcesAreUsed() {
    Injector injector = Guice.createInjector(MqModule.builder().queues("orders").build());
    MessageQueue orders = injector.getInstance(Key.get(MessageQueue.class, Names.named("orders")));
    assertThat(orders.consumerGroup()).isEqualTo("from-properties");
    injector.getInstance(MqLifecycle.class).close();
  }

  @Test
  void shutdownHookIsRegisteredOnlyWhenAskedAndRemovedByClose() {
    Injector plain = injector();
    assertThat(plain.getInstance(Connection.class).shutdownHook()).isEmpty();
    plain.getInstance(MqLifecycle.class).close();

    Injector hooked = Guice.createInjector(
        MqModule.builder().config(INMEMORY).shutdownHook(true).build());
    Thread hook = hooked.getInstance(Connection.class).shutdownHook().orElseThrow();
    hooked.getInstance(MqLifecycle.class).close();
    // Removing it again fails when close() removed it already.
    assertThat(Runtime.getRuntime().removeShutdownHook(hook)).isFalse();
  }

  @Test
  void shutdownHookClosesEverything() {
    Injector hooked = Guice.createInjector(
        MqModule.builder().config(INMEMORY).queues("orders").shutdownHook(true).build());
    MessageQueue orders = hooked.getInstance(Key.get(MessageQueue.class, Names.named("orders")));
    Thread hook = hooked.getInstance(Connection.class).shutdownHook().orElseThrow();
    assertThat(Runtime.getRuntime().removeShutdownHook(hook)).isTrue();
    hook.run(); // what the JVM would do on shutdown
    assertThat(hooked.getInstance(MqLifecycle.class).isClosed()).isTrue();
    assertThatThrownBy(orders::dequeue).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void builderRejectsBadQueueLists() {
    assertThatThrownBy(() -> MqModule.builder().queues("a", "a")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MqModule.builder().queues("a").queues(List.of("a")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a'");
    assertThatThrownBy(() -> MqModule.builder().queues("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MqModule.builder().queues((String) null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> MqModule.builder().config(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void toStringShowsNoConfigurationValues() {
    String secret = UUID.randomUUID().toString();
    MqModule module = MqModule.builder()
        .config(Map.of("mq.provider", "inmemory", "mq.some.secret-key", secret)).build();
    assertThat(module.toString()).contains("mq.some.secret-key").doesNotContain(secret);
  }
}
