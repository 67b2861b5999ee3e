package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.Envelope;
import dev.mq.spi.Deliveries;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Broken: counts delivery attempts by message id, so a message pushed again with the id of an
 * earlier one is delivered as that one's next attempt: the old delivery data carries into the new
 * push.
 */
class CountsAttemptsByMessageIdKit extends BrokenKit {
  @Override
  Broker wrap(Broker healthy) {
    Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    return new ForwardingBroker(healthy, q -> new ForwardingQueue(q) {
      @Override
      public Optional<Envelope> dequeue() {
        return delegate.dequeue().map(e -> counted(deliveries, e));
      }

      @Override
      public Optional<Envelope> dequeue(Duration maxWait) {
        return delegate.dequeue(maxWait).map(e -> counted(deliveries, e));
      }
    });
  }

  private static Envelope counted(Map<String, AtomicInteger> deliveries, Envelope e) {
    int attempt = deliveries.computeIfAbsent(e.messageId(), id -> new AtomicInteger()).incrementAndGet();
    return Deliveries.deliver(e, attempt, e.deliveryTag().orElseThrow());
  }
}
