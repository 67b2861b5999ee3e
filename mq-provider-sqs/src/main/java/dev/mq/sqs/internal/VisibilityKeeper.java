package dev.mq.sqs.internal;

import dev.mq.spi.DaemonThreads;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread per broker that extends the visibility of held messages before it runs out (SPEC
 * 3.4 for slow handlers): every quarter of the visibility timeout (at least every 200 ms) it asks
 * each open queue instance to extend the messages due within half a timeout.
 */
final class VisibilityKeeper implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(VisibilityKeeper.class);

  private final ScheduledExecutorService exec =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.factory("mq-sqs-visibility"));
  private final Set<SqsQueue> queues = ConcurrentHashMap.newKeySet();

  VisibilityKeeper(Duration visibilityTimeout) {
    long period = Math.max(200, visibilityTimeout.toMillis() / 4);
    exec.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
  }

  void register(SqsQueue q) {
    queues.add(q);
  }

  void unregister(SqsQueue q) {
    queues.remove(q);
  }

  private void tick() {
    for (SqsQueue q : queues) {
      try {
        q.extendDue(System.nanoTime());
      } catch (RuntimeException e) {
        log.warn("could not extend the visibility of messages held by {}", q, e);
      }
    }
  }

  @Override
  public void close() {
    exec.shutdownNow();
    try {
      exec.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
