package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.Envelope;
import java.util.List;

/** Broken: acknowledgeAll acknowledges the first envelope of the list and drops the rest. */
class AcknowledgesFirstOfListKit extends BrokenKit {
  @Override
  Broker wrap(Broker healthy) {
    return new ForwardingBroker(healthy, q -> new ForwardingQueue(q) {
      @Override
      public void acknowledgeAll(List<Envelope> envelopes) {
        if (!envelopes.isEmpty()) {
          delegate.acknowledge(envelopes.get(0));
        }
      }
    });
  }
}
