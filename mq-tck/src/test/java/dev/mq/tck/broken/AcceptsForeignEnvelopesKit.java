package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.Envelope;

/** Broken: acknowledge and reject of an envelope this queue did not deliver silently do nothing. */
class AcceptsForeignEnvelopesKit extends BrokenKit {
  @Override
  Broker wrap(Broker healthy) {
    return new ForwardingBroker(healthy, q -> new ForwardingQueue(q) {
      @Override
      public void acknowledge(Envelope e) {
        try {
          delegate.acknowledge(e);
        } catch (IllegalArgumentException swallowed) {
          // broken on purpose
        }
      }

      @Override
      public void reject(Envelope e, boolean requeue, String reason) {
        try {
          delegate.reject(e, requeue, reason);
        } catch (IllegalArgumentException swallowed) {
          // broken on purpose
        }
      }
    });
  }
}
