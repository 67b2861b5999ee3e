package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.Envelope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Broken: a batch holds one message more than asked for. */
class OversizedBatchKit extends BrokenKit {
  @Override
  Broker wrap(Broker healthy) {
    return new ForwardingBroker(healthy, q -> new ForwardingQueue(q) {
      @Override
      public List<Envelope> dequeue(int maxMessages, Duration maxWait) {
        List<Envelope> out = new ArrayList<>(delegate.dequeue(maxMessages, maxWait));
        if (!out.isEmpty()) {
          Optional<Envelope> extra = delegate.dequeue(maxWait);
          extra.ifPresent(out::add);
        }
        return out;
      }
    });
  }
}
