package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.MessageQueue;

/** Broken: refuses queue and group names longer than 32 characters, which rule 8.5 allows. */
class ShortNamesOnlyKit extends BrokenKit {
  @Override
  Broker wrap(Broker healthy) {
    return new ForwardingBroker(healthy, ForwardingQueue::new) {
      @Override
      public MessageQueue queue(String name) {
        return super.queue(check(name));
      }

      @Override
      public MessageQueue queue(String name, String group) {
        return super.queue(check(name), check(group));
      }
    };
  }

  private static String check(String name) {
    if (name != null && name.length() > 32) {
      throw new IllegalArgumentException("names are at most 32 characters here: " + name);
    }
    return name;
  }
}
