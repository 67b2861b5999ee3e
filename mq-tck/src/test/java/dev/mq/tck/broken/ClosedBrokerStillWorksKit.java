package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.MessageQueue;
import dev.mq.MessageQueues;
import java.util.Map;

/** Broken: a closed broker still hands out queues, from a fresh connection behind its back. */
class ClosedBrokerStillWorksKit extends BrokenKit {
  @Override
  Broker wrap(Broker healthy) {
    return new ForwardingBroker(healthy, ForwardingQueue::new) {
      private volatile boolean closed;
      private volatile Broker reopened;

      @Override
      public MessageQueue queue(String name) {
        return closed ? reopened().queue(name) : super.queue(name);
      }

      @Override
      public MessageQueue queue(String name, String group) {
        return closed ? reopened().queue(name, group) : super.queue(name, group);
      }

      private synchronized Broker reopened() {
        if (reopened == null) {
          reopened = MessageQueues.connect(Map.of("mq.provider", "inmemory"));
        }
        return reopened;
      }

      @Override
      public void close() {
        closed = true;
        super.close();
      }
    };
  }
}
