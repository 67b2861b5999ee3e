package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.Envelope;
import java.util.concurrent.CompletableFuture;

/**
 * Broken: pushAsync writes its calls in swapped pairs (the second of two calls first), so one
 * key's messages overtake each other; every future still completes after its write.
 */
class AsyncReordersKit extends BrokenKit {
  @Override
  Broker wrap(Broker healthy) {
    return new ForwardingBroker(healthy, q -> new ForwardingQueue(q) {
      private Envelope held;
      private CompletableFuture<Void> heldFuture;

      @Override
      public synchronized CompletableFuture<Void> pushAsync(Envelope e) {
        if (held == null) {
          held = e;
          heldFuture = new CompletableFuture<>();
          return heldFuture;
        }
        delegate.push(e);
        delegate.push(held);
        heldFuture.complete(null);
        held = null;
        return CompletableFuture.completedFuture(null);
      }
    });
  }
}
