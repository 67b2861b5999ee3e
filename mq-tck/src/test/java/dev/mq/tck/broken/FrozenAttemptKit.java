package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.Envelope;
import dev.mq.spi.Deliveries;
import java.time.Duration;
import java.util.Optional;

/** Broken: every delivery reports attempt 1, redeliveries included. */
class FrozenAttemptKit extends BrokenKit {
  @Override
  Broker wrap(Broker healthy) {
    return new ForwardingBroker(healthy, q -> new ForwardingQueue(q) {
      @Override
      public Optional<Envelope> dequeue() {
        return delegate.dequeue().map(e -> Deliveries.deliver(e, 1, e.deliveryTag().orElseThrow()));
      }

      @Override
      public Optional<Envelope> dequeue(Duration maxWait) {
        return delegate.dequeue(maxWait).map(e -> Deliveries.deliver(e, 1, e.deliveryTag().orElseThrow()));
      }
    });
  }
}
