package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.Envelope;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Broken: pushAll writes the batch in reverse order. */
class ReordersBatchKit extends BrokenKit {
  @Override
  Broker wrap(Broker healthy) {
    return new ForwardingBroker(healthy, q -> new ForwardingQueue(q) {
      @Override
      public void pushAll(List<Envelope> es) {
        List<Envelope> reversed = new ArrayList<>(es);
        Collections.reverse(reversed);
        delegate.pushAll(reversed);
      }
    });
  }
}
