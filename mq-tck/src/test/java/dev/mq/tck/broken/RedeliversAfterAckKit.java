package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.Envelope;

/** Broken: acknowledge gives the message back, so it is delivered again. */
class RedeliversAfterAckKit extends BrokenKit {
  @Override
  Broker wrap(Broker healthy) {
    return new ForwardingBroker(healthy, q -> new ForwardingQueue(q) {
      @Override
      public void acknowledge(Envelope e) {
        delegate.reject(e, true, "broken acknowledge");
      }
    });
  }
}
