package dev.mq.sqs.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Named daemon threads. One class so that it can give way to the shared thread factory of
 * {@code dev.mq.spi} later.
 */
final class DaemonThreads implements ThreadFactory {

  private final String prefix;
  private final AtomicInteger sequence = new AtomicInteger();

  DaemonThreads(String prefix) {
    this.prefix = prefix;
  }

  @Override
  public Thread newThread(Runnable r) {
    Thread t = new Thread(r, prefix + "-" + sequence.incrementAndGet());
    t.setDaemon(true);
    return t;
  }
}
