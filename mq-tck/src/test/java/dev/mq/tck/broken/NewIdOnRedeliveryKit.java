package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.Envelope;
import dev.mq.spi.Deliveries;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/** Broken: a redelivered message gets a new message id. */
class NewIdOnRedeliveryKit extends BrokenKit {
  @Override
  Broker wrap(Broker healthy) {
    return new ForwardingBroker(healthy, q -> new ForwardingQueue(q) {
      @Override
      public Optional<Envelope> dequeue() {
        return delegate.dequeue().map(NewIdOnRedeliveryKit::renamed);
      }

      @Override
      public Optional<Envelope> dequeue(Duration maxWait) {
        return delegate.dequeue(maxWait).map(NewIdOnRedeliveryKit::renamed);
      }
    });
  }

  private static Envelope renamed(Envelope e) {
    return e.deliveryAttempt() > 1 ? Deliveries.deliver(e.toBuilder().messageId(UUID.randomUUID().toString()).build(),
        e.deliveryAttempt(), e.deliveryTag().orElseThrow()) : e;
  }
}
