package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.MessageHandler;
import dev.mq.Subscription;
import dev.mq.SubscriptionOptions;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/** Broken: a subscription stops for good when its handler throws. */
class StopsOnHandlerErrorKit extends BrokenKit {
  @Override
  Broker wrap(Broker healthy) {
    return new ForwardingBroker(healthy, q -> new ForwardingQueue(q) {
      @Override
      public Subscription subscribe(MessageHandler handler, SubscriptionOptions options) {
        AtomicReference<Subscription> self = new AtomicReference<>();
        AtomicBoolean failed = new AtomicBoolean();
        Subscription s = super.subscribe(e -> {
          try {
            handler.handle(e);
          } catch (Exception failure) {
            failed.set(true);
            stopIfFailed(self.get(), failed);
            throw failure;
          }
        }, options);
        self.set(s);
        stopIfFailed(s, failed); // the handler may have failed before the subscription was known
        return s;
      }
    });
  }

  private static void stopIfFailed(Subscription s, AtomicBoolean failed) {
    if (s != null && failed.get()) {
      s.close();
    }
  }
}
