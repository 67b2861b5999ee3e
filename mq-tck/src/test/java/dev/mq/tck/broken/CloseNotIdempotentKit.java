package dev.mq.tck.broken;

import dev.mq.Broker;
import java.util.concurrent.atomic.AtomicBoolean;

/** Broken: a second close of a queue throws. */
class CloseNotIdempotentKit extends BrokenKit {
  @Override
  Broker wrap(Broker healthy) {
    return new ForwardingBroker(healthy, q -> new ForwardingQueue(q) {
      private final AtomicBoolean closed = new AtomicBoolean();

      @Override
      public void close() {
        if (!closed.compareAndSet(false, true)) {
          throw new IllegalStateException("already closed");
        }
        super.close();
      }
    });
  }
}
