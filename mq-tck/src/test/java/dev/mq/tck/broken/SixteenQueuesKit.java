package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.MessageQueue;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Broken: a connection keeps at most {@value #SLOTS} queues; the 17th queue name it sees is served
 * by the first name's queue, and so on. Two or three queues are isolated; twenty are not.
 */
class SixteenQueuesKit extends BrokenKit {

  static final int SLOTS = 16;

  @Override
  Broker wrap(Broker healthy) {
    Map<String, Integer> slots = new ConcurrentHashMap<>();
    Map<Integer, String> firstNameOfSlot = new ConcurrentHashMap<>();
    return new ForwardingBroker(healthy, q -> q) {
      @Override
      public MessageQueue queue(String name) {
        int slot;
        synchronized (slots) {
          slot = slots.computeIfAbsent(name, n -> slots.size() % SLOTS);
        }
        String realName = firstNameOfSlot.computeIfAbsent(slot, s -> name);
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
