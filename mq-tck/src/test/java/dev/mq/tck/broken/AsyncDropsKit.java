package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.Envelope;
import java.util.concurrent.CompletableFuture;

/** Broken: pushAsync completes its future without writing anything. */
class AsyncDropsKit extends BrokenKit {
  @Override
  Broker wrap(Broker healthy) {
    return new ForwardingBroker(healthy, q -> new ForwardingQueue(q) {
      @Override
      public CompletableFuture<Void> pushAsync(Envelope e) {
        return CompletableFuture.completedFuture(null);
      }
    });
  }
}
