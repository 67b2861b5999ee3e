package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.Envelope;
import java.time.Duration;
import java.util.Optional;
import dev.mq.tck.internal.TckSession;

/** Broken: while a message waits for its retry, its queue instance delivers nothing at all. */
class HoldsQueueDuringRetryKit extends BrokenKit {
  @Override
  Broker wrap(Broker healthy) {
    return new ForwardingBroker(healthy, q -> new ForwardingQueue(q) {
      private volatile long heldUntil = System.nanoTime();

      @Override
      public void reject(Envelope e, Duration delay, String reason) {
        heldUntil = System.nanoTime() + delay.toNanos();
        delegate.reject(e, delay, reason);
      }

      @Override
      public Optional<Envelope> dequeue(Duration maxWait) {
        if (System.nanoTime() - heldUntil < 0) {
          TckSession.sleep(maxWait);
          return Optional.empty();
        }
        return delegate.dequeue(maxWait);
      }
    });
  }
}
