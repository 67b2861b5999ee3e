package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.Envelope;
import java.time.Duration;
import java.util.Optional;

/** Broken: converts maxWait to milliseconds without saturating, so a huge wait overflows. */
class OverflowingWaitKit extends BrokenKit {
  @Override
  Broker wrap(Broker healthy) {
    return new ForwardingBroker(healthy, q -> new ForwardingQueue(q) {
      @Override
      public Optional<Envelope> dequeue(Duration maxWait) {
        return delegate.dequeue(Duration.ofMillis(maxWait.toMillis()));
      }
    });
  }
}
