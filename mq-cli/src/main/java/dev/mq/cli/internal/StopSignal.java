package dev.mq.cli.internal;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C for long commands: a JVM shutdown hook raises the flag, the command stops after the item
 * it is working on, reports what it did, and {@link #finished()} lets the hook (and so the JVM)
 * go on. The hook waits at most {@link #GRACE_SECONDS}, so a stuck broker call cannot keep the
 * process alive.
 */
public final class StopSignal {

  /** Longest wait of the shutdown hook for the command to report. */
  public static final int GRACE_SECONDS = 20;

  private volatile boolean requested;
  private final CountDownLatch finished = new CountDownLatch(1);

  /** Raises the flag; commands see it at their next item. */
  public void request() {
    requested = true;
  }

  /** {@return whether a stop was asked for} */
  public boolean requested() {
    return requested;
  }

  /** Called when the command has returned (and reported); releases the shutdown hook. */
  public void finished() {
    finished.countDown();
  }

  /**
   * Installs the shutdown hook that raises the flag and waits for {@link #finished()}.
   *
   * @return this signal
   */
  public StopSignal onShutdown() {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      request();
      try {
        finished.await(GRACE_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "mq-cli-stop"));
    return this;
  }
}
