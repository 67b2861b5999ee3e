package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.Envelope;
import java.util.List;

/** Broken: push and pushAll swallow every failure. */
class SwallowsPushFailuresKit extends BrokenKit {
  @Override
  Broker wrap(Broker healthy) {
    return new ForwardingBroker(healthy, q -> new ForwardingQueue(q) {
      @Override
      public void push(Envelope e) {
        try {
          delegate.push(e);
        } catch (RuntimeException swallowed) {
          // broken on purpose
        }
      }

      @Override
      public void pushAll(List<Envelope> es) {
        try {
          delegate.pushAll(es);
        } catch (RuntimeException swallowed) {
          // broken on purpose
        }
      }
    });
  }
}
