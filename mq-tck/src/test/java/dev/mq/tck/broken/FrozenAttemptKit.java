package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.Envelope;
import java.time.Duration;
import java.util.Optional;

/** Broken: every delivery reports attempt 1, redeliveries included. */
class FrozenAttemptKit extends BrokenKit {
  @Override
  Broker wrap(Broker healthy) {
    return new ForwardingBroker(healthy, q -> new ForwardingQueue(q) {
      @Override
      public Optional<Envelope> dequeue() {
        return delegate.dequeue().map(e -> e.toBuilder().deliveryAttempt(1).build());
      }

      @Override
      public Optional<Envelope> dequeue(Duration maxWait) {
        return delegate.dequeue(maxWait).map(e -> e.toBuilder().deliveryAttempt(1).build());
      }
    });
  }
}
