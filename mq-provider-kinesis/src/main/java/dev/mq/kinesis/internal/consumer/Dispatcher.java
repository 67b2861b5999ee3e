package dev.mq.kinesis.internal.consumer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Hands messages of one stream and group to the competing queue instances of a process.
 *
 * <p>Messages without a key are free. Of each key, exactly one message is either ready or in
 * flight at a time; the others wait behind it in read order. When that message is settled
 * (acknowledged or dead-lettered) the next of its key becomes ready; when it is given back or
 * requeued it goes to the front, still ahead of every later message of its key. A message
 * requeued with a delay (a retry) waits aside until it is due, its key still held.
 */
public final class Dispatcher {

  /** A message taken for delivery, with its delivery attempt (1 on the first delivery). */
  public record Taken(InboundMessage message, int attempt) {}

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition available = lock.newCondition();
  private final ArrayDeque<InboundMessage> ready = new ArrayDeque<>();
  // A key is present while one of its messages is ready or in flight; the deque holds the rest.
  private final Map<String, KeyLine> waitingByKey = new HashMap<>();
  /** Messages requeued with a retry delay, the earliest due first. */
  private final PriorityQueue<Delayed> delayed =
      new PriorityQueue<>((a, b) -> Long.compare(a.dueNanos() - b.dueNanos(), 0));

  private record Delayed(InboundMessage message, long dueNanos) {}

  /** The messages waiting behind a key's current one, and the shard of that current one. */
  private static final class KeyLine {
    String shardId;
    final ArrayDeque<InboundMessage> waiting = new ArrayDeque<>();

    KeyLine(String shardId) {
      this.shardId = shardId;
    }
  }
  private boolean closed;
  /** Whether a shard's messages may still be delivered by this process. */
  private final Predicate<String> deliverable;

  /** A dispatcher that delivers the messages of every shard offered. */
  public Dispatcher() {
    this(shardId -> true);
  }

  /**
   * @param deliverable asked (lock-free, under the dispatcher's lock) before a message is taken:
   *     messages of a shard it refuses are dropped as abandoned (the lease is gone; the next
   *     owner delivers them)
   */
  public Dispatcher(Predicate<String> deliverable) {
    this.deliverable = deliverable;
  }

  /**
   * Adds a message just read from a shard.
   *
   * @param m the message, in its shard's order
   */
  public void offer(InboundMessage m) {
    lock.lock();
    try {
      if (m.isAbandoned() || m.isSettled()) {
        // its shard was lost while it was being read, or a previous owner settled it; the
        // reader thread that marked it is the one offering it, so the flags are visible here
        return;
      }
      String key = m.key();
      if (key == null) {
        ready.addLast(m);
      } else {
        KeyLine line = waitingByKey.get(key);
        if (line == null) {
          waitingByKey.put(key, new KeyLine(m.shardId()));
          ready.addLast(m);
        } else {
          line.waiting.addLast(m);
          return;
        }
      }
      available.signal();
    } finally {
      lock.unlock();
    }
  }

  /**
   * {@return the next ready message, waiting up to {@code maxWait} for one; null when none came,
   * the dispatcher was closed or {@code cancelled} became true (see {@link #wakeAll()})}
   *
   * @param maxWait the longest wait
   * @param unit the unit of {@code maxWait}
   * @param cancelled checked at each wake-up; true ends the wait
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  public Taken take(long maxWait, TimeUnit unit, BooleanSupplier cancelled) throws InterruptedException {
    List<Taken> one = take(1, maxWait, unit, cancelled);
    return one.isEmpty() ? null : one.get(0);
  }

  /**
   * {@return up to {@code max} ready messages, waiting up to {@code maxWait} for the first; empty
   * when none came, the dispatcher was closed or {@code cancelled} became true}
   *
   * @param max the most messages to take, at least 1
   * @param maxWait the longest wait for the first
   * @param unit the unit of {@code maxWait}
   * @param cancelled checked at each wake-up; true ends the wait
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  public List<Taken> take(int max, long maxWait, TimeUnit unit, BooleanSupplier cancelled)
      throws InterruptedException {
    long nanos = unit.toNanos(maxWait);
    lock.lockInterruptibly();
    try {
      while (true) {
        promoteDue();
        skipAbandoned();
        if (!ready.isEmpty()) {
          break;
        }
        if (closed || nanos <= 0 || cancelled.getAsBoolean()) {
          return List.of();
        }
        Delayed next = delayed.peek();
        if (next == null) {
          nanos = available.awaitNanos(nanos);
        } else {
          // wake up when the earliest retry is due, at the latest
          long wait = Math.min(nanos, Math.max(0, next.dueNanos() - System.nanoTime()));
          long left = available.awaitNanos(wait);
          nanos -= wait - Math.max(left, 0);
        }
      }
      List<Taken> out = new ArrayList<>(Math.min(max, ready.size()));
      while (out.size() < max && !ready.isEmpty()) {
        InboundMessage m = ready.pollFirst();
        out.add(new Taken(m, m.countDelivery()));
        skipAbandoned();
      }
      return out;
    } finally {
      lock.unlock();
    }
  }

  /** Moves every retry that is due to the front of the ready queue. */
  private void promoteDue() {
    long now = System.nanoTime();
    Delayed d;
    while ((d = delayed.peek()) != null && d.dueNanos() - now <= 0) {
      delayed.poll();
      ready.addFirst(d.message());
    }
  }

  /**
   * A message of a shard given up since it became ready is skipped, and so is one of a shard
   * whose lease this process may no longer hold (the engine may not have heard of it yet).
   */
  private void skipAbandoned() {
    InboundMessage m;
    while ((m = ready.peekFirst()) != null
        && (m.isAbandoned() || !deliverable.test(m.shardId()))) {
      ready.pollFirst().markAbandoned();
    }
  }

  /**
   * A taken message is given back unsettled: it is next of its key, and first in line.
   *
   * @param m the message
   */
  public void giveBack(InboundMessage m) {
    lock.lock();
    try {
      if (m.isAbandoned()) {
        return; // its shard was lost: the new owner delivers it again
      }
      ready.addFirst(m);
      available.signal();
    } finally {
      lock.unlock();
    }
  }

  /**
   * A taken message is requeued unsettled, to be taken again no earlier than {@code delayNanos}
   * from now; its key's later messages wait behind it meanwhile, other keys go on.
   *
   * @param m the message
   * @param delayNanos the delay, in nanoseconds
   */
  public void requeue(InboundMessage m, long delayNanos) {
    if (delayNanos <= 0) {
      giveBack(m); // due at once: the front of the line, as a give-back
      return;
    }
    lock.lock();
    try {
      if (m.isAbandoned()) {
        return;
      }
      delayed.add(new Delayed(m, System.nanoTime() + delayNanos));
      available.signal(); // a waiting taker shortens its wait to this message's time
    } finally {
      lock.unlock();
    }
  }

  /**
   * A taken message is settled for good; the next message of its key becomes ready.
   *
   * @param m the message
   */
  public void settled(InboundMessage m) {
    lock.lock();
    try {
      String key = m.key();
      if (key == null) {
        return;
      }
      KeyLine line = waitingByKey.get(key);
      if (line == null) {
        return;
      }
      InboundMessage next = line.waiting.pollFirst();
      if (next == null) {
        waitingByKey.remove(key);
      } else {
        line.shardId = next.shardId();
        ready.addLast(next);
        available.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Drops every undelivered message of a shard that this process gives up, and frees its keys;
   * settling one of its in-flight messages later finds no key line of it.
   *
   * @return the dropped messages
   * @param shardId the shard given up
   */
  public List<InboundMessage> dropShard(String shardId) {
    lock.lock();
    try {
      List<InboundMessage> dropped = new ArrayList<>();
      ready.removeIf(m -> m.shardId().equals(shardId) && dropped.add(m));
      delayed.removeIf(d -> d.message().shardId().equals(shardId) && dropped.add(d.message()));
      List<InboundMessage> promoted = new ArrayList<>();
      waitingByKey.entrySet().removeIf(e -> {
        KeyLine line = e.getValue();
        line.waiting.removeIf(m -> m.shardId().equals(shardId) && dropped.add(m));
        if (!line.shardId.equals(shardId)) {
          return false;
        }
        // its current message was the lost shard's; a later one of another shard goes next
        InboundMessage next = line.waiting.pollFirst();
        if (next == null) {
          return true;
        }
        line.shardId = next.shardId();
        promoted.add(next);
        return false;
      });
      ready.addAll(promoted);
      if (!promoted.isEmpty()) {
        available.signalAll();
      }
      return dropped;
    } finally {
      lock.unlock();
    }
  }

  /** {@return messages ready for delivery now} */
  public int readyCount() {
    lock.lock();
    try {
      return ready.size();
    } finally {
      lock.unlock();
    }
  }

  /** Wakes every waiting taker so that it checks its cancel condition. */
  public void wakeAll() {
    lock.lock();
    try {
      available.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Wakes every waiting taker; later takes return null at once when nothing is ready. */
  public void close() {
    lock.lock();
    try {
      closed = true;
      available.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
