package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.MessageHandler;
import dev.mq.Subscription;
import dev.mq.SubscriptionOptions;

/** Broken: every subscription runs one handler at a time, whatever concurrency it was given. */
class IgnoresConcurrencyKit extends BrokenKit {
  @Override
  Broker wrap(Broker healthy) {
    return new ForwardingBroker(healthy, q -> new ForwardingQueue(q) {
      @Override
      public Subscription subscribe(MessageHandler handler, SubscriptionOptions options) {
        return super.subscribe(handler, SubscriptionOptions.builder().concurrency(1)
            .pollWait(options.pollWait()).closeTimeout(options.closeTimeout()).build());
      }
    });
  }
}
