package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.Envelope;
import dev.mq.MessagingException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Broken like a batch delete that sends each receipt as it comes: acknowledgeAll fails when the
 * list holds an envelope twice.
 */
class RefusesRepeatedAcknowledgementsKit extends BrokenKit {
  @Override
  Broker wrap(Broker healthy) {
    return new ForwardingBroker(healthy, q -> new ForwardingQueue(q) {
      @Override
      public void acknowledgeAll(List<Envelope> envelopes) {
        Set<String> tags = new HashSet<>();
        for (Envelope e : envelopes) {
          if (!tags.add(e.deliveryTag().orElse(""))) {
            throw new MessagingException("batch entry ids not distinct: " + e.deliveryTag().orElse(""));
          }
        }
        delegate.acknowledgeAll(envelopes);
      }
    });
  }
}
