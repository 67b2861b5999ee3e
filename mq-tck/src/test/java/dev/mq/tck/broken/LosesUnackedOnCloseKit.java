package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.Envelope;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Broken: closing a queue instance acknowledges whatever it delivered and was not settled. */
class LosesUnackedOnCloseKit extends BrokenKit {
  @Override
  Broker wrap(Broker healthy) {
    return new ForwardingBroker(healthy, q -> new ForwardingQueue(q) {
      private final Set<Envelope> open = ConcurrentHashMap.newKeySet();

      @Override
      public Optional<Envelope> dequeue() {
        return delegate.dequeue().map(this::remember);
      }

      @Override
      public Optional<Envelope> dequeue(Duration maxWait) {
        return delegate.dequeue(maxWait).map(this::remember);
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
          try {
            delegate.acknowledge(e);
          } catch (RuntimeException ignored) {
            // already settled or closed
          }
        }
        super.close();
      }

      private Envelope remember(Envelope e) {
        open.add(e);
        return e;
      }
    });
  }
}
