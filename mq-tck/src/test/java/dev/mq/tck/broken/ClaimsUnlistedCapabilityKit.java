package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.Capability;

/**
 * Broken: its brokers declare DISTRIBUTED_COMPETING_CONSUMERS, which the provider does not list
 * and which separate in-memory brokers cannot honour.
 */
class ClaimsUnlistedCapabilityKit extends BrokenKit {
  @Override
  Broker wrap(Broker healthy) {
    return new ForwardingBroker(healthy, ForwardingQueue::new, Capability.DISTRIBUTED_COMPETING_CONSUMERS);
  }
}
