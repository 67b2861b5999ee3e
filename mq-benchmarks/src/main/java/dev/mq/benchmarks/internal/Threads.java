package dev.mq.benchmarks.internal;

import java.time.Duration;
import java.util.List;

/** Joins harness threads with a bound, so that a stuck queue cannot hang a benchmark run. */
final class Threads {

  private Threads() {}

  /**
   * Waits for each thread in turn, at most {@code timeout} each.
   *
   * @throws IllegalStateException naming the first thread still alive after its wait, or when the
   *     caller is interrupted (its interrupt flag is restored)
   */
  static void joinAll(List<Thread> threads, Duration timeout) {
    for (Thread t : threads) {
      try {
        t.join(timeout.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + t.getName() + " to stop", e);
      }
      if (t.isAlive()) {
        throw new IllegalStateException(t.getName() + " did not stop within " + timeout);
      }
    }
  }
}
