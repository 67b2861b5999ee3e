package dev.mq.tck.broken;

import dev.mq.Broker;

/** Broken: closing a queue instance acknowledges whatever it delivered and was not settled. */
class LosesUnackedOnCloseKit extends BrokenKit {
  @Override
  Broker wrap(Broker healthy) {
    return new ForwardingBroker(healthy, q -> new TracksUnsettledQueue(q) {
      @Override
      public void close() {
        acknowledgeUnsettled();
        super.close();
      }
    });
  }
}
