package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.Capability;

/** Broken: declares DURABLE, but every connection is a fresh in-memory broker. */
class ClaimsDurabilityKit extends BrokenKit {
  @Override
  Broker wrap(Broker healthy) {
    return new ForwardingBroker(healthy, ForwardingQueue::new, Capability.DURABLE);
  }
}
