package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.Envelope;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Broken: a reject with a delay is made only after the delay, so at the attempt limit the dead
 * letter waits too (the message is held meanwhile, other keys flow).
 */
class DelaysDeadLettersKit extends BrokenKit {
  @Override
  Broker wrap(Broker healthy) {
    return new ForwardingBroker(healthy, q -> new ForwardingQueue(q) {
      @Override
      public void reject(Envelope e, Duration delay, String reason) {
        CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS)
            .execute(() -> delegate.reject(e, Duration.ZERO, reason));
      }
    });
  }
}
