package dev.mq.guice;

import dev.mq.Broker;

/**
 * Wraps the broker {@link MqModule} connects, before anything is injected with it; bind one
 * (an optional binding) to decorate it, as {@link ObservabilityModule} does. Closing the
 * returned broker must close the one it wraps.
 */
@FunctionalInterface
public interface BrokerDecorator {

  /**
   * {@return the broker to bind instead of {@code broker}}
   *
   * @param broker the broker the module connected
   */
  Broker decorate(Broker broker);
}
