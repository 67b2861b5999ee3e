package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.MessageQueue;

/**
 * Broken: accepts any queue or group name, quietly turning it into a valid one (characters outside
 * the portable set become '_', and long names are cut), so two different names can share a queue.
 */
class AcceptsAnyNameKit extends BrokenKit {
  @Override
  Broker wrap(Broker healthy) {
    return new ForwardingBroker(healthy, ForwardingQueue::new) {
      @Override
      public MessageQueue queue(String name) {
        return super.queue(sanitize(name));
      }

      @Override
      public MessageQueue queue(String name, String group) {
        return super.queue(sanitize(name), sanitize(group));
      }
    };
  }

  private static String sanitize(String name) {
    String cleaned = name.replaceAll("[^A-Za-z0-9._-]", "_");
    cleaned = cleaned.isEmpty() ? "_" : cleaned;
    return cleaned.length() > 255 ? cleaned.substring(0, 255) : cleaned;
  }
}
