package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.Envelope;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Broken: acknowledging one message of a batch acknowledges the whole batch. */
class BatchSettlesTogetherKit extends BrokenKit {
  @Override
  Broker wrap(Broker healthy) {
    return new ForwardingBroker(healthy, q -> new ForwardingQueue(q) {
      private final Map<String, List<Envelope>> batchOf = new ConcurrentHashMap<>();

      @Override
      public List<Envelope> dequeue(int maxMessages, Duration maxWait) {
        List<Envelope> batch = delegate.dequeue(maxMessages, maxWait);
        batch.forEach(e -> batchOf.put(e.deliveryTag().orElseThrow(), batch));
        return batch;
      }

      @Override
      public void acknowledge(Envelope e) {
        List<Envelope> batch = batchOf.remove(e.deliveryTag().orElseThrow());
        if (batch == null) {
          delegate.acknowledge(e);
          return;
        }
        batch.forEach(member -> {
          batchOf.remove(member.deliveryTag().orElseThrow());
          delegate.acknowledge(member);
        });
      }
    });
  }
}
