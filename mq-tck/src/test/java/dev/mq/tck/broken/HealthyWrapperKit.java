package dev.mq.tck.broken;

import dev.mq.Broker;

/** The control: the forwarding wrappers with nothing broken must pass. */
class HealthyWrapperKit extends BrokenKit {
  @Override
  Broker wrap(Broker healthy) {
    return new ForwardingBroker(healthy, ForwardingQueue::new);
  }
}
