package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.Envelope;
import java.util.List;

/**
 * Broken like a batch delete that takes every receipt the consumer holds: acknowledgeAll also
 * acknowledges the messages this instance delivered and the list left out.
 */
class AcknowledgesAllHeldKit extends BrokenKit {
  @Override
  Broker wrap(Broker healthy) {
    return new ForwardingBroker(healthy, q -> new TracksUnsettledQueue(q) {
      @Override
      public void acknowledgeAll(List<Envelope> envelopes) {
        acknowledgeUnsettled();
        delegate.acknowledgeAll(envelopes);
      }
    });
  }
}
