package dev.mq.tck.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Collects failures seen on threads other than the test's own (handlers, producers, consumers)
 * so that the test that started those threads fails with them.
 */
final class ThreadFailures {

  private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();

  /** A task that may throw anything. */
  @FunctionalInterface
  public interface Task {
    /** Runs. */
    void run() throws Exception;
  }

  /** Records a failure seen {@code where}. */
  public void record(String where, Throwable failure) {
    failures.add(new AssertionError(where + " failed: " + failure, failure));
  }

  /** Records a failure described by {@code message}. */
  public void fail(String message) {
    failures.add(new AssertionError(message));
  }

  /** Runs {@code task}, recording anything it throws instead of throwing it. */
  public void guard(String where, Task task) {
    try {
      task.run();
    } catch (Exception | AssertionError e) {
      record(where, e);
    }
  }

  /** True when nothing was recorded. */
  public boolean isEmpty() {
    return failures.isEmpty();
  }

  /** Throws an {@link AssertionError} carrying every recorded failure, if there is one. */
  public void assertNone() {
    List<Throwable> all = new ArrayList<>(failures);
    if (all.isEmpty()) {
      return;
    }
    AssertionError error = new AssertionError(all.size() + " failure(s) on other threads; first: "
        + all.get(0).getMessage(), all.get(0));
    all.subList(1, all.size()).forEach(error::addSuppressed);
    throw error;
  }
}
