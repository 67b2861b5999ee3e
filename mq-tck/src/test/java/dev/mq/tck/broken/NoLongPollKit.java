package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.Envelope;
import java.time.Duration;
import java.util.Optional;

/** Broken: dequeue(maxWait) looks once and returns at once, never waiting for a message. */
class NoLongPollKit extends BrokenKit {
  @Override
  Broker wrap(Broker healthy) {
    return new ForwardingBroker(healthy, q -> new ForwardingQueue(q) {
      @Override
      public Optional<Envelope> dequeue(Duration maxWait) {
        if (maxWait.isNegative()) {
          throw new IllegalArgumentException("negative wait");
        }
        return delegate.dequeue();
      }
    });
  }
}
