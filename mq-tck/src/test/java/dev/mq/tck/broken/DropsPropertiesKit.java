package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.Envelope;
import dev.mq.spi.Deliveries;
import java.time.Duration;
import java.util.Optional;

/** Broken: delivers messages without their properties. */
class DropsPropertiesKit extends BrokenKit {
  @Override
  Broker wrap(Broker healthy) {
    return new ForwardingBroker(healthy, q -> new ForwardingQueue(q) {
      @Override
      public Optional<Envelope> dequeue() {
        return delegate.dequeue().map(DropsPropertiesKit::withoutProperties);
      }

      @Override
      public Optional<Envelope> dequeue(Duration maxWait) {
        return delegate.dequeue(maxWait).map(DropsPropertiesKit::withoutProperties);
      }
    });
  }

  private static Envelope withoutProperties(Envelope e) {
    return Deliveries.deliver(e.toBuilder().clearProperties().build(), e.deliveryAttempt(),
        e.deliveryTag().orElseThrow());
  }
}
