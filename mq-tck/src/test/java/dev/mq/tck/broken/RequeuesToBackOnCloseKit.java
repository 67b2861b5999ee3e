package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.Envelope;

/**
 * Broken: closing an instance gives its unsettled messages back by pushing copies to the end of
 * the queue, behind later messages of their key.
 */
class RequeuesToBackOnCloseKit extends BrokenKit {
  @Override
  Broker wrap(Broker healthy) {
    return new ForwardingBroker(healthy, q -> new TracksUnsettledQueue(q) {
      @Override
      public void close() {
        for (Envelope e : unsettled()) {
          delegate.push(e.toBuilder().build());
          delegate.acknowledge(e);
        }
        super.close();
      }
    });
  }
}
