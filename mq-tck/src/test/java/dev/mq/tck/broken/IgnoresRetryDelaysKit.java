package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.Envelope;
import java.time.Duration;

/** Broken: every requeue is deliverable at once, whatever the retry policy or the call says. */
class IgnoresRetryDelaysKit extends BrokenKit {
  @Override
  Broker wrap(Broker healthy) {
    return new ForwardingBroker(healthy, q -> new ForwardingQueue(q) {
      @Override
      public void reject(Envelope e, boolean requeue, String reason) {
        if (requeue) {
          delegate.reject(e, Duration.ZERO, reason);
        } else {
          delegate.reject(e, false, reason);
        }
      }

      @Override
      public void reject(Envelope e, Duration delay, String reason) {
        delegate.reject(e, Duration.ZERO, reason);
      }
    });
  }
}
