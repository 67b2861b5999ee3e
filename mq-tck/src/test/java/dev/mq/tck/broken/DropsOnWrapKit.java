package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.Envelope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Broken: a queue's writes go through a ring buffer of {@value #RING} slots whose wrap-around
 * overwrites a slot, so every {@value #RING}th message pushed to a queue is silently lost. Only a
 * test that pushes more than {@value #RING} messages to one queue sees it.
 */
class DropsOnWrapKit extends BrokenKit {

  static final int RING = 1024;

  @Override
  Broker wrap(Broker healthy) {
    Map<String, AtomicLong> written = new ConcurrentHashMap<>();
    return new ForwardingBroker(healthy, q -> new ForwardingQueue(q) {
      @Override
      public void push(Envelope e) {
        if (!lost()) {
          delegate.push(e);
        }
      }

      @Override
      public void pushAll(List<Envelope> envelopes) {
        List<Envelope> kept = new ArrayList<>();
        for (Envelope e : envelopes) {
          if (!lost()) {
            kept.add(e);
          }
        }
        delegate.pushAll(kept);
      }

      private boolean lost() {
        return written.computeIfAbsent(name(), n -> new AtomicLong()).incrementAndGet() % RING == 0;
      }
    });
  }
}
