package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.MessageHandler;
import dev.mq.Subscription;
import dev.mq.SubscriptionOptions;
import java.util.concurrent.atomic.AtomicReference;

/** Broken: a subscription stops for good when its handler throws. */
class StopsOnHandlerErrorKit extends BrokenKit {
  @Override
  Broker wrap(Broker healthy) {
    return new ForwardingBroker(healthy, q -> new ForwardingQueue(q) {
      @Override
      public Subscription subscribe(MessageHandler handler, SubscriptionOptions options) {
        AtomicReference<Subscription> self = new AtomicReference<>();
        Subscription s = super.subscribe(e -> {
          try {
            handler.handle(e);
          } catch (Exception failure) {
            Subscription mine = self.get();
            if (mine != null) {
              mine.close();
            }
            throw failure;
          }
        }, options);
        self.set(s);
        return s;
      }
    });
  }
}
