package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.DeadLetters;
import dev.mq.Envelope;
import dev.mq.spi.Deliveries;
import java.time.Duration;
import java.util.Optional;

/** Broken like a provider written before 5.5 named the time: dead letters carry no time. */
class UntimedDeadLettersKit extends BrokenKit {
  @Override
  Broker wrap(Broker healthy) {
    return new ForwardingBroker(healthy, q -> new ForwardingQueue(q) {
      @Override
      public Optional<Envelope> dequeue(Duration maxWait) {
        return delegate.dequeue(maxWait).map(UntimedDeadLettersKit::withoutTime);
      }
    });
  }

  /** The delivery as it came, less the time property; its tag still settles it. */
  private static Envelope withoutTime(Envelope e) {
    if (e.property(DeadLetters.TIME).isEmpty()) {
      return e;
    }
    Envelope.Builder b = Envelope.builder().body(e.body()).messageId(e.messageId());
    e.partitionKey().ifPresent(b::partitionKey);
    e.properties().forEach((k, v) -> {
      if (!k.equals(DeadLetters.TIME)) {
        b.property(k, v);
      }
    });
    return Deliveries.deliver(b.build(), e.deliveryAttempt(), e.deliveryTag().orElseThrow());
  }
}
