package dev.mq.spi;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread factories for a provider's background threads. Part of the provider support layer: the
 * threads are daemons, so a broker an application forgot to close never keeps the JVM from
 * exiting, and they are named {@code <name>-<n>}, so a thread dump shows whose they are.
 */
public final class DaemonThreads {

  private DaemonThreads() {}

  /**
   * {@return a factory of daemon threads named {@code <name>-1}, {@code <name>-2}, and so on}
   *
   * @param name what the threads do and for whom, such as {@code mq-kinesis-producer}
   */
  public static ThreadFactory factory(String name) {
    Objects.requireNonNull(name, "name");
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
