package dev.mq.guice;

import dev.mq.Broker;

/**
 * Wraps the broker {@link MqModule} connects, before anything is injected with it; bind one
 * (an optional binding) to decorate it, as {@link ObservabilityModule} does. Closing the
 * returned broker must close the one it wraps.
 */
@FunctionalInterface
public interface BrokerDecorator {

  /** The broker to bind instead of {@code broker}. */
  Broker decorate(Broker broker);
}
