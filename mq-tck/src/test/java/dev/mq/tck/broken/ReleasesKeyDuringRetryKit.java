package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.Envelope;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Broken: a retry is made by acknowledging the message and pushing a copy after the delay, so
 * its key is free (and its later messages delivered) while it waits.
 */
class ReleasesKeyDuringRetryKit extends BrokenKit {
  @Override
  Broker wrap(Broker healthy) {
    return new ForwardingBroker(healthy, q -> new ForwardingQueue(q) {
      @Override
      public void reject(Envelope e, Duration delay, String reason) {
        delegate.acknowledge(e);
        Envelope copy = e.toBuilder().build();
        CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS)
            .execute(() -> delegate.push(copy));
      }
    });
  }
}
