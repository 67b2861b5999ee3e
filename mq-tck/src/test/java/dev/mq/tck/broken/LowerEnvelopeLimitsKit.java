package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.Envelope;
import java.util.List;

/**
 * Broken: a provider with limits of its own below {@code EnvelopeLimits} (at most 64 properties,
 * values of at most 1,000 characters), so an envelope another provider takes is refused here.
 */
class LowerEnvelopeLimitsKit extends BrokenKit {
  @Override
  Broker wrap(Broker healthy) {
    return new ForwardingBroker(healthy, q -> new ForwardingQueue(q) {
      @Override
      public void push(Envelope e) {
        check(e);
        delegate.push(e);
      }

      @Override
      public void pushAll(List<Envelope> es) {
        es.forEach(LowerEnvelopeLimitsKit::check);
        delegate.pushAll(es);
      }
    });
  }

  private static void check(Envelope e) {
    if (e.properties().size() > 64) {
      throw new IllegalArgumentException("at most 64 properties here");
    }
    e.properties().values().forEach(v -> {
      if (v.length() > 1000) {
        throw new IllegalArgumentException("property values are at most 1000 characters here");
      }
    });
  }
}
