package dev.mq.kinesis.faults;

import static org.assertj.core.api.Assertions.fail;

import dev.mq.tck.faults.Waits;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Compares live threads before a broker is made and after it is closed. Threads that outlive it
 * are leaks, except JVM-wide singletons that libraries start once and keep (listed, with why).
 */
final class ThreadLeaks {

  /** Name prefixes of threads that are process-wide by design, not owned by one broker. */
  private static final Set<String> SINGLETONS = Set.of(
      "idle-connection-reaper",   // Apache HTTP client of the AWS SDK: one daemon per JVM
      "sdk-ScheduledExecutor",    // the SDK's shared timeout scheduler, a daemon
      "CompletableFutureDelayScheduler", // the JDK's one delay thread of CompletableFuture
      "Attach Listener", "process reaper", "ForkJoinPool.commonPool", "Common-Cleaner",
      "surefire", "junit", "kinesis-emulators-shutdown");

  private final Set<Long> before;

  private ThreadLeaks(Set<Long> before) {
    this.before = before;
  }

  /** Remembers the threads alive now. */
  static ThreadLeaks snapshot() {
    return new ThreadLeaks(Thread.getAllStackTraces().keySet().stream().map(Thread::getId)
        .collect(Collectors.toSet()));
  }

  /** Threads started since the snapshot that are still alive (singletons left out). */
  Set<String> newThreads() {
    Set<String> names = new TreeSet<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.isAlive() && !before.contains(t.getId())
          && SINGLETONS.stream().noneMatch(p -> t.getName().startsWith(p))) {
        names.add(t.getName());
      }
    }
    return names;
  }

  /** Waits (bounded) until every thread started since the snapshot has ended. */
  void assertNoneLeft(Duration bound) {
    long deadline = System.nanoTime() + bound.toNanos();
    Set<String> left = newThreads();
    while (!left.isEmpty()) {
      if (System.nanoTime() > deadline) {
        fail("threads still alive " + bound + " after the broker closed: " + left);
      }
      Waits.sleep(Duration.ofMillis(50));
      left = newThreads();
    }
  }
}
