package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.MessageQueue;

/** Broken: every queue name is served by one shared queue, so queues are not isolated. */
class SharedQueueKit extends BrokenKit {
  @Override
  Broker wrap(Broker healthy) {
    return new ForwardingBroker(healthy, q -> q) {
      @Override
      public MessageQueue queue(String name) {
        String realName = name.endsWith("-dlq") ? "tck-shared-dlq" : "tck-shared";
        return handOut(new ForwardingQueue(delegate.queue(realName)) {
          @Override
          public String name() {
            return name;
          }
        });
      }
    };
  }
}
