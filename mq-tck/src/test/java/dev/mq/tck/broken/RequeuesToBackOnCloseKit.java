package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.Envelope;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Broken: closing an instance gives its unsettled messages back by pushing copies to the end of
 * the queue, behind later messages of their key.
 */
class RequeuesToBackOnCloseKit extends BrokenKit {
  @Override
  Broker wrap(Broker healthy) {
    return new ForwardingBroker(healthy, q -> new ForwardingQueue(q) {
      private final Set<Envelope> open = ConcurrentHashMap.newKeySet();

      @Override
      public Optional<Envelope> dequeue(Duration maxWait) {
        Optional<Envelope> e = delegate.dequeue(maxWait);
        e.ifPresent(open::add);
        return e;
      }

      @Override
      public void acknowledge(Envelope e) {
        delegate.acknowledge(e);
        open.remove(e);
      }

      @Override
      public void reject(Envelope e, boolean requeue, String reason) {
        delegate.reject(e, requeue, reason);
        open.remove(e);
      }

      @Override
      public void close() {
        for (Envelope e : open) {
          delegate.push(e.toBuilder().build());
          delegate.acknowledge(e);
        }
        super.close();
      }
    });
  }
}
