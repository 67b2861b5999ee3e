package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.Envelope;
import java.util.concurrent.CompletableFuture;

/** Broken: pushAsync turns every error, bad input included, into a failed future. */
class AsyncFailsLateKit extends BrokenKit {
  @Override
  Broker wrap(Broker healthy) {
    return new ForwardingBroker(healthy, q -> new ForwardingQueue(q) {
      @Override
      public CompletableFuture<Void> pushAsync(Envelope e) {
        try {
          delegate.push(e);
          return CompletableFuture.completedFuture(null);
        } catch (RuntimeException failure) {
          return CompletableFuture.failedFuture(failure);
        }
      }
    });
  }
}
