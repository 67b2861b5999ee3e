package dev.mq.inmemory.faults;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Bounded waits of the in-memory fault tests (a copy of the Kinesis suite's helpers). */
final class Waits {

  /** Generous bound for anything that must happen. */
  static final Duration AWAIT = Duration.ofSeconds(60);
  /** Bound for a close to return. */
  static final Duration CLOSE_BOUND = Duration.ofSeconds(30);

  private Waits() {}

  /** The key of index {@code i}. */
  static String key(int i) {
    return "key-" + i;
  }

  /** Waits until {@code condition} holds; fails after {@code bound} saying what it waited for. */
  static void await(String what, Duration bound, BooleanSupplier condition) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out after " + bound + " waiting until " + what);
      }
      sleep(Duration.ofMillis(20));
    }
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Runs {@code action} on a new thread and fails unless it ends within {@code bound}. */
  static void boundedly(String what, Duration bound, Runnable action) {
    Thread t = new Thread(action, "fault-test-bounded");
    t.setDaemon(true);
    Throwable[] failure = new Throwable[1];
    t.setUncaughtExceptionHandler((th, e) -> failure[0] = e);
    t.start();
    try {
      t.join(bound.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail("interrupted waiting for " + what);
    }
    if (t.isAlive()) {
      fail(what + " did not return within " + bound + "; stack: " + java.util.Arrays.toString(t.getStackTrace()));
    }
    if (failure[0] != null) {
      throw new AssertionError(what + " failed", failure[0]);
    }
  }
}
