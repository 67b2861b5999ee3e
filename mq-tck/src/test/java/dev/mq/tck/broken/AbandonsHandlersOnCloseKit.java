package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.MessageHandler;
import dev.mq.Subscription;
import dev.mq.SubscriptionOptions;
import java.time.Duration;

/** Broken: closing a subscription never waits for running handlers (close timeout forced to 0). */
class AbandonsHandlersOnCloseKit extends BrokenKit {
  @Override
  Broker wrap(Broker healthy) {
    return new ForwardingBroker(healthy, q -> new ForwardingQueue(q) {
      @Override
      public Subscription subscribe(MessageHandler handler, SubscriptionOptions options) {
        return super.subscribe(handler, SubscriptionOptions.builder().concurrency(options.concurrency())
            .pollWait(options.pollWait()).closeTimeout(Duration.ZERO).build());
      }
    });
  }
}
