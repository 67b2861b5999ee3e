package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.Envelope;

/** Broken: a requeueing reject acknowledges the message, so it is lost. */
class LosesMessageOnRejectKit extends BrokenKit {
  @Override
  Broker wrap(Broker healthy) {
    return new ForwardingBroker(healthy, q -> new ForwardingQueue(q) {
      @Override
      public void reject(Envelope e, boolean requeue, String reason) {
        if (requeue) {
          delegate.acknowledge(e);
        } else {
          delegate.reject(e, false, reason);
        }
      }
    });
  }
}
