package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.Envelope;

/**
 * Broken: reject without requeue does nothing, so the message stays in flight, its key stays
 * blocked, and it comes back once the instance closes.
 */
class FinalRejectKeepsKeyKit extends BrokenKit {
  @Override
  Broker wrap(Broker healthy) {
    return new ForwardingBroker(healthy, q -> new ForwardingQueue(q) {
      @Override
      public void reject(Envelope e, boolean requeue, String reason) {
        if (requeue) {
          delegate.reject(e, true, reason);
        }
      }
    });
  }
}
