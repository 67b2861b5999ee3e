package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.Envelope;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Broken: settles by message id instead of by delivery, so a stale envelope (an earlier delivery
 * of a message that came back) settles the message's current delivery.
 */
class SettlesByMessageIdKit extends BrokenKit {
  @Override
  Broker wrap(Broker healthy) {
    return new ForwardingBroker(healthy, q -> new ForwardingQueue(q) {
      private final Map<String, Envelope> latest = new ConcurrentHashMap<>();

      @Override
      public Optional<Envelope> dequeue() {
        return remember(delegate.dequeue());
      }

      @Override
      public Optional<Envelope> dequeue(Duration maxWait) {
        return remember(delegate.dequeue(maxWait));
      }

      private Optional<Envelope> remember(Optional<Envelope> e) {
        e.ifPresent(d -> latest.put(d.messageId(), d));
        return e;
      }

      @Override
      public void acknowledge(Envelope e) {
        delegate.acknowledge(current(e));
      }

      @Override
      public void reject(Envelope e, boolean requeue, String reason) {
        delegate.reject(current(e), requeue, reason);
      }

      private Envelope current(Envelope e) {
        return latest.getOrDefault(e.messageId(), e);
      }
    });
  }

}
