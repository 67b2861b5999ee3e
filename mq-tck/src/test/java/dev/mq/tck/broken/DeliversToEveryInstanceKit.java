package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.MessageQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Broken: every queue instance of the default group secretly consumes for a group of its own,
 * so one message is handed to several consumers at once.
 */
class DeliversToEveryInstanceKit extends BrokenKit {
  @Override
  Broker wrap(Broker healthy) {
    AtomicInteger instances = new AtomicInteger();
    String defaultGroup = healthy.defaultConsumerGroup();
    return new ForwardingBroker(healthy, q -> q) {
      @Override
      public MessageQueue queue(String name) {
        MessageQueue own = delegate.queue(name, "tck-broken-" + instances.incrementAndGet());
        return handOut(new ForwardingQueue(own) {
          @Override
          public String consumerGroup() {
            return defaultGroup;
          }
        });
      }
    };
  }
}
