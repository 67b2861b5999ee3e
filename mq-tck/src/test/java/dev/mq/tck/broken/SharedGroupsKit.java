package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.MessageQueue;

/** Broken: declares CONSUMER_GROUPS but serves every group from the default one. */
class SharedGroupsKit extends BrokenKit {
  @Override
  Broker wrap(Broker healthy) {
    return new ForwardingBroker(healthy, q -> q) {
      @Override
      public MessageQueue queue(String name, String group) {
        return handOut(new ForwardingQueue(delegate.queue(name)) {
          @Override
          public String consumerGroup() {
            return group;
          }
        });
      }
    };
  }
}
