package dev.mq.tck.broken;

import dev.mq.Broker;

/** Broken: closing a queue instance leaves its subscriptions open. */
class ForgetsSubscriptionsOnCloseKit extends BrokenKit {
  @Override
  Broker wrap(Broker healthy) {
    return new ForwardingBroker(healthy, q -> new ForwardingQueue(q) {
      @Override
      public void close() {
        delegate.close();
      }
    });
  }
}
