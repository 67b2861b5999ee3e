package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.Envelope;
import dev.mq.spi.Deliveries;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Broken: declares ORDERING_BY_KEY but hides the key from the healthy queue (in a property), so
 * messages of one key are not held back while an earlier one is unacknowledged.
 */
class IgnoresKeyOrderKit extends BrokenKit {
  private static final String HIDDEN_KEY = "tck-broken-key";

  @Override
  Broker wrap(Broker healthy) {
    return new ForwardingBroker(healthy, q -> new ForwardingQueue(q) {
      @Override
      public void push(Envelope e) {
        delegate.push(hide(e));
      }

      @Override
      public void pushAll(List<Envelope> es) {
        delegate.pushAll(es.stream().map(IgnoresKeyOrderKit::hide).toList());
      }

      @Override
      public Optional<Envelope> dequeue() {
        return delegate.dequeue().map(IgnoresKeyOrderKit::restore);
      }

      @Override
      public Optional<Envelope> dequeue(Duration maxWait) {
        return delegate.dequeue(maxWait).map(IgnoresKeyOrderKit::restore);
      }
    });
  }

  private static Envelope hide(Envelope e) {
    if (e.partitionKey().isEmpty()) {
      return e;
    }
    Envelope.Builder b = Envelope.builder().body(e.body()).properties(e.properties()).messageId(e.messageId());
    return b.property(HIDDEN_KEY, e.partitionKey().get()).build();
  }

  private static Envelope restore(Envelope e) {
    Optional<String> key = e.property(HIDDEN_KEY);
    if (key.isEmpty()) {
      return e;
    }
    Envelope.Builder b = e.toBuilder().clearProperties().partitionKey(key.get());
    e.properties().forEach((k, v) -> {
      if (!k.equals(HIDDEN_KEY)) {
        b.property(k, v);
      }
    });
    return Deliveries.deliver(b.build(), e.deliveryAttempt(), e.deliveryTag().orElseThrow());
  }
}
