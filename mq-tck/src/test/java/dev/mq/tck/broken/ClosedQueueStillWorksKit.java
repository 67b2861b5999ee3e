package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.Envelope;
import java.time.Duration;
import java.util.Optional;

/** Broken: dequeue on a closed queue returns empty instead of throwing IllegalStateException. */
class ClosedQueueStillWorksKit extends BrokenKit {
  @Override
  Broker wrap(Broker healthy) {
    return new ForwardingBroker(healthy, q -> new ForwardingQueue(q) {
      @Override
      public Optional<Envelope> dequeue() {
        try {
          return delegate.dequeue();
        } catch (IllegalStateException closed) {
          return Optional.empty();
        }
      }

      @Override
      public Optional<Envelope> dequeue(Duration maxWait) {
        try {
          return delegate.dequeue(maxWait);
        } catch (IllegalStateException closed) {
          return Optional.empty();
        }
      }
    });
  }
}
