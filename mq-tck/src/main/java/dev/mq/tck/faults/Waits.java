package dev.mq.tck.faults;

import static org.assertj.core.api.Assertions.fail;

import dev.mq.spi.DaemonThreads;
import dev.mq.tck.TckTimeouts;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Bounded waits for fault tests: every wait fails with what it waited for instead of hanging,
 * and none asserts how long something took.
 */
public final class Waits {

  /** Generous bound for anything that must happen (scaled by the TCK timeout factor). */
  public static final Duration AWAIT = Duration.ofMillis(
      (long) (60_000 * TckTimeouts.fromEnvironment().factor()));
  /** Bound for a close to return and for threads to end (scaled by the TCK timeout factor). */
  public static final Duration CLOSE_BOUND = Duration.ofMillis(
      (long) (30_000 * TckTimeouts.fromEnvironment().factor()));

  private Waits() {}

  /**
   * {@return the partition key of index {@code i} used by the fault workloads}
   *
   * @param i the key's index
   */
  public static String key(int i) {
    return "key-" + i;
  }

  /**
   * Waits until {@code condition} holds; fails after {@code bound} saying what it waited for.
   *
   * @param what what it waits for, for the failure
   * @param bound the longest wait
   * @param condition the condition to wait for
   */
  public static void await(String what, Duration bound, BooleanSupplier condition) {
    await(() -> what, bound, condition);
  }

  /**
   * Like {@link #await(String, Duration, BooleanSupplier)}, with the description made when the
   * wait fails, so that counts in it are those at the failure, not at the start.
   *
   * @param what what it waits for, made at the failure
   * @param bound the longest wait
   * @param condition the condition to wait for
   */
  public static void await(Supplier<String> what, Duration bound, BooleanSupplier condition) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out after " + bound + " waiting until " + what.get());
      }
      sleep(Duration.ofMillis(20));
    }
  }

  /**
   * Waits until {@code done} holds, for as long as {@code progress} keeps changing: fails when it
   * stood still for {@code stall}. Long runs under load take long; a hang stands still.
   *
   * @param what what it waits for, for the failure
   * @param stall the longest time progress may stand still
   * @param progress a count that changes while work goes on
   * @param done the condition to wait for
   */
  public static void awaitWithProgress(String what, Duration stall, IntSupplier progress,
      BooleanSupplier done) {
    int last = progress.getAsInt();
    long lastChange = System.nanoTime();
    while (!done.getAsBoolean()) {
      int now = progress.getAsInt();
      if (now != last) {
        last = now;
        lastChange = System.nanoTime();
      } else if (System.nanoTime() - lastChange > stall.toNanos()) {
        fail("no progress for " + stall + " waiting until " + what + " (progress " + now + ")");
      }
      sleep(Duration.ofMillis(20));
    }
  }

  /**
   * Sleeps for {@code d}; an interrupt ends the sleep with an exception (and keeps the interrupt
   * flag), so that a fault test stops instead of going on.
   *
   * @param d how long to sleep
   * @throws IllegalStateException if interrupted
   */
  public static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /**
   * Runs {@code action} on a new thread and fails unless it ends within {@code bound}.
   *
   * @param what what the action does, for the failure
   * @param bound the longest time the action may take
   * @param action the action to run
   */
  public static void boundedly(String what, Duration bound, Runnable action) {
    Thread t = DaemonThreads.factory("fault-test-bounded").newThread(action);
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
