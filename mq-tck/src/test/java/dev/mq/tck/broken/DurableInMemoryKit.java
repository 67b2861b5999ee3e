package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.Capability;
import dev.mq.MessageQueue;

/**
 * The control for the durable broken kits: one in-memory broker outlives the connections of a
 * test, so it declares DURABLE truthfully. Closing a connection closes its queue instances (their
 * unacknowledged messages come back, as after a crash); the restart keeps every message.
 */
class DurableInMemoryKit extends BrokenKit {

  private Broker shared;

  @Override
  final synchronized Broker wrap(Broker healthy) {
    if (shared == null) {
      shared = healthy;
    } else {
      healthy.close();
    }
    return new ForwardingBroker(shared, this::wrapQueue, Capability.DURABLE) {
      @Override
      public void close() {
        closeHandedOut(); // the broker itself keeps running: it is the durable store
      }
    };
  }

  /** A queue instance of a connection; healthy here. */
  MessageQueue wrapQueue(MessageQueue q) {
    return new ForwardingQueue(q);
  }
}
