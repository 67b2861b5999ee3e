package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.Envelope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Broken like a stream checkpoint moved too far: acknowledging a message also acknowledges every
 * message this instance delivered before it, settled or not.
 */
class CumulativeAckKit extends BrokenKit {
  @Override
  Broker wrap(Broker healthy) {
    return new ForwardingBroker(healthy, q -> new ForwardingQueue(q) {
      private final List<Envelope> delivered = new ArrayList<>();

      @Override
      public synchronized Optional<Envelope> dequeue(Duration maxWait) {
        Optional<Envelope> e = delegate.dequeue(maxWait);
        e.ifPresent(delivered::add);
        return e;
      }

      @Override
      public synchronized void acknowledge(Envelope e) {
        int upTo = delivered.indexOf(e);
        for (int i = 0; i < upTo; i++) {
          try {
            delegate.acknowledge(delivered.get(i));
          } catch (RuntimeException alreadySettled) {
            // a checkpoint does not care
          }
        }
        delegate.acknowledge(e);
      }
    });
  }
}
