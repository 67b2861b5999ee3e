package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.MessageQueue;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Broken: closing an instance while another instance of the same connection is closing
 * acknowledges what it had not settled (a lost race on a shared release), so messages of a closed
 * instance are lost under churn. One close at a time, or one instance closed from several
 * threads, gives them back correctly.
 */
class LosesUnackedOnConcurrentCloseKit extends BrokenKit {

  /** How long a close takes: the window in which another close loses the race. */
  private static final Duration CLOSE_TIME = Duration.ofMillis(20);

  @Override
  Broker wrap(Broker healthy) {
    Set<MessageQueue> closing = ConcurrentHashMap.newKeySet();
    return new ForwardingBroker(healthy, q -> new TracksUnsettledQueue(q) {
      @Override
      public void close() {
        closing.add(this);
        try {
          Thread.sleep(CLOSE_TIME.toMillis());
          if (closing.size() > 1) {
            acknowledgeUnsettled();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          super.close();
          closing.remove(this);
        }
      }
    });
  }
}
