package dev.mq.kinesis.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** Runs the same task on a few named threads and waits for all of them; rethrows a failure. */
final class Workers {

  /** The work of one thread, given its index. */
  interface Task {
    void run(int worker) throws Exception;
  }

  private Workers() {}

  /** Runs {@code task} on {@code threads} daemon threads and returns when all are done. */
  static void run(String name, int threads, Task task) {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> started = new ArrayList<>(threads);
    for (int i = 0; i < threads; i++) {
      int worker = i;
      Thread t = new Thread(() -> {
        try {
          task.run(worker);
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      }, name + "-" + i);
      t.setDaemon(true);
      t.start();
      started.add(t);
    }
    for (Thread t : started) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + name, e);
      }
    }
    if (failure.get() != null) {
      throw new IllegalStateException(name + " failed: " + failure.get(), failure.get());
    }
  }

  /** Sleeps; an interrupt ends the benchmark. */
  static void sleep(Duration d) {
    try {
      Thread.sleep(Math.max(0, d.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
