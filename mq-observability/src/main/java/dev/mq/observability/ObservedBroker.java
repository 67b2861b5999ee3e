package dev.mq.observability;

import dev.mq.Broker;

/**
 * A {@link Broker} with metrics, traces and MDC logs, made by {@link Observability#instrument}.
 * Its queues are instrumented too. Closing it closes the broker it wraps.
 */
public interface ObservedBroker extends Broker {

  /**
   * Checks the broker now: not closed, the last call to the broker did not fail for want of
   * the broker, no group's lag over the threshold, no problem the provider reports (a stuck
   * reader, a lease that cannot be renewed). Cheap: it calls no service.
   *
   * @return the health now: healthy, or the problems found
   */
  BrokerHealth health();

  /** {@return the broker it wraps} */
  Broker delegate();
}
