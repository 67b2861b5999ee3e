package dev.mq.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Inject;
import com.google.inject.Provider;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;
import com.google.inject.name.Names;
import dev.mq.Broker;
import dev.mq.MessageQueue;
import dev.mq.MessageQueues;
import dev.mq.guice.internal.Connection;
import dev.mq.guice.internal.NamedQueueProvider;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Binds a {@link Broker} and named {@link MessageQueue}s from configuration.
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(MqModule.builder()
 *     .queues("orders", "invoices")
 *     .build());
 * // then: @Inject @Named("orders") MessageQueue orders;
 * injector.getInstance(MqLifecycle.class).close();
 * }</pre>
 *
 * <p>Bindings, all singletons per injector:
 * <ul>
 *   <li>{@link Broker}: connected <em>eagerly</em>, when the injector is created, so a missing or
 *       unknown provider or a bad key fails {@code createInjector} (a {@code CreationException}
 *       whose cause is the {@link dev.mq.ConfigurationException}, for example a
 *       {@link dev.mq.ProviderNotFoundException});
 *   <li>{@code @Named("<queue>") MessageQueue} for each queue name given: opened on first
 *       injection, for the broker's default consumer group;
 *   <li>{@link MqLifecycle}: closes the opened queues and the broker.
 * </ul>
 *
 * <p>When a {@link BrokerDecorator} is bound (for example by {@link ObservabilityModule}), the
 * bound broker is the decorated one.
 */
public final class MqModule extends AbstractModule {

  private final Map<String, String> config;
  private final List<String> queues;
  private final boolean shutdownHook;

  private MqModule(Builder b) {
    this.config = b.config == null ? null : Map.copyOf(b.config);
    this.queues = List.copyOf(b.queues);
    this.shutdownHook = b.shutdownHook;
  }

  /**
   * {@return a builder: configuration from {@link MessageQueues#defaultConfig()}, no queues, no
   * hook}
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  protected void configure() {
    OptionalBinder.newOptionalBinder(binder(), BrokerDecorator.class);
    bind(Connection.class)
        .toProvider(new ConnectionProvider(config, shutdownHook))
        .asEagerSingleton();
    bind(MqLifecycle.class);
    for (String name : queues) {
      bind(MessageQueue.class)
          .annotatedWith(Names.named(name))
          .toProvider(new NamedQueueProvider(name))
          .in(Singleton.class);
    }
  }

  @Provides
  @Singleton
  Broker broker(Connection connection) {
    return connection.broker();
  }

  /** Connects, and decorates the broker when a {@link BrokerDecorator} is bound. */
  private static final class ConnectionProvider implements Provider<Connection> {
    private final Map<String, String> config;
    private final boolean shutdownHook;
    @Inject
    private Optional<BrokerDecorator> decorator;

    ConnectionProvider(Map<String, String> config, boolean shutdownHook) {
      this.config = config;
      this.shutdownHook = shutdownHook;
    }

    @Override
    public Connection get() {
      return new Connection(config != null ? config : MessageQueues.defaultConfig(), shutdownHook,
          decorator.isPresent() ? decorator.get()::decorate : UnaryOperator.identity());
    }
  }

  @Override
  public String toString() {
    // The configuration may hold secrets, so only its keys are shown.
    return "MqModule[queues=" + queues + ", config keys="
        + (config == null ? "default" : new java.util.TreeSet<>(config.keySet()))
        + ", shutdownHook=" + shutdownHook + "]";
  }

  /** Builds an {@link MqModule}. */
  public static final class Builder {
    private Map<String, String> config;
    private final Set<String> queues = new LinkedHashSet<>();
    private boolean shutdownHook;

    private Builder() {}

    /**
     * The exact configuration for {@link MessageQueues#connect(Map)}. Without it, the module uses
     * {@link MessageQueues#defaultConfig()} (system properties, {@code MQ_*} environment
     * variables, {@code mq.properties}), read when the injector is created.
     *
     * @param config the configuration: {@code mq.*} keys and their values
     * @return this builder
     */
    public Builder config(Map<String, String> config) {
      this.config = Map.copyOf(Objects.requireNonNull(config, "config"));
      return this;
    }

    /**
     * Adds queues to bind as {@code @Named("<name>") MessageQueue}.
     *
     * @param names the queue names
     * @return this builder
     */
    public Builder queues(String... names) {
      return queues(List.of(Objects.requireNonNull(names, "names")));
    }

    /**
     * Adds queues to bind as {@code @Named("<name>") MessageQueue}.
     *
     * @param names the queue names
     * @return this builder
     * @throws IllegalArgumentException for an empty or repeated name
     */
    public Builder queues(List<String> names) {
      List<String> checked = new ArrayList<>();
      for (String name : Objects.requireNonNull(names, "names")) {
        Objects.requireNonNull(name, "queue name");
        if (name.isEmpty()) {
          throw new IllegalArgumentException("queue name must not be empty");
        }
        if (queues.contains(name) || checked.contains(name)) {
          throw new IllegalArgumentException("queue '" + name + "' is listed twice");
        }
        checked.add(name);
      }
      queues.addAll(checked);
      return this;
    }

    /**
     * Whether to also close on JVM shutdown, with a shutdown hook that {@link MqLifecycle#close()}
     * removes again. Off by default.
     *
     * @param enabled whether to add the shutdown hook
     * @return this builder
     */
    public Builder shutdownHook(boolean enabled) {
      this.shutdownHook = enabled;
      return this;
    }

    /** {@return the module} */
    public MqModule build() {
      return new MqModule(this);
    }
  }
}
