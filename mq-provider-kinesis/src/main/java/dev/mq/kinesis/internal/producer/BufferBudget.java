package dev.mq.kinesis.internal.producer;

import dev.mq.QueueFullException;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bounds the records and bytes a producer holds that are not yet written or failed. Callers wait
 * a bounded time for space and then get a {@link QueueFullException}.
 */
final class BufferBudget {

  private final int maxRecords;
  private final long maxBytes;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition released = lock.newCondition();
  private int records;
  private long bytes;

  BufferBudget(int maxRecords, long maxBytes) {
    this.maxRecords = maxRecords;
    this.maxBytes = maxBytes;
  }

  /**
   * Takes room for {@code n} records of {@code size} bytes in all, waiting at most {@code wait}.
   *
   * @throws QueueFullException if there is no room in time
   * @throws IllegalArgumentException if the request exceeds the whole budget
   */
  void acquire(int n, long size, Duration wait) throws InterruptedException {
    if (n > maxRecords || size > maxBytes) {
      throw new IllegalArgumentException(n + " records of " + size + " bytes exceed the buffer of "
          + maxRecords + " records and " + maxBytes + " bytes");
    }
    long remaining = wait.toNanos();
    lock.lockInterruptibly();
    try {
      while (records + n > maxRecords || bytes + size > maxBytes) {
        if (remaining <= 0) {
          throw new QueueFullException("the producer's buffer is full (" + records + " of "
              + maxRecords + " records, " + bytes + " of " + maxBytes + " bytes) and did not "
              + "drain within " + wait + "; nothing of this call was written");
        }
        remaining = released.awaitNanos(remaining);
      }
      records += n;
      bytes += size;
    } finally {
      lock.unlock();
    }
  }

  /** Takes room only when it is free now. */
  boolean tryAcquire(int n, long size) {
    lock.lock();
    try {
      if (records + n > maxRecords || bytes + size > maxBytes) {
        return false;
      }
      records += n;
      bytes += size;
      return true;
    } finally {
      lock.unlock();
    }
  }

  void release(int n, long size) {
    lock.lock();
    try {
      records -= n;
      bytes -= size;
      released.signalAll();
    } finally {
      lock.unlock();
    }
  }

  int records() {
    lock.lock();
    try {
      return records;
    } finally {
      lock.unlock();
    }
  }

  /** Waits up to {@code nanos} for the buffer to become empty; returns whether it did. */
  boolean awaitEmpty(long nanos) throws InterruptedException {
    lock.lock();
    try {
      long remaining = nanos;
      while (records > 0) {
        if (remaining <= 0) {
          return false;
        }
        remaining = released.awaitNanos(remaining);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }
}
