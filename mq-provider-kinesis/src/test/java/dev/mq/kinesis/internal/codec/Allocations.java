package dev.mq.kinesis.internal.codec;

import java.lang.management.ManagementFactory;

/**
 * Bytes allocated by the calling thread while a piece of code runs, from HotSpot's per-thread
 * allocation counter ({@code com.sun.management.ThreadMXBean}). Exact enough for a bound with a
 * generous margin; it never looks at time.
 */
final class Allocations {

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private Allocations() {}

  /** Whether this JVM counts allocations per thread. */
  static boolean supported() {
    if (!THREADS.isThreadAllocatedMemorySupported()) {
      return false;
    }
    if (!THREADS.isThreadAllocatedMemoryEnabled()) {
      THREADS.setThreadAllocatedMemoryEnabled(true);
    }
    return THREADS.isThreadAllocatedMemoryEnabled();
  }

  /** The bytes {@code code} allocated on this thread, its exceptions included. */
  static long of(Runnable code) {
    long id = Thread.currentThread().getId();
    long before = THREADS.getThreadAllocatedBytes(id);
    code.run();
    return THREADS.getThreadAllocatedBytes(id) - before;
  }
}
