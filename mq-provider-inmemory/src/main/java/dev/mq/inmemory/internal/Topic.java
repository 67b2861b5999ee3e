package dev.mq.inmemory.internal;

import dev.mq.Envelope;
import dev.mq.MessagingException;
import dev.mq.QueueFullException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One named queue of a broker with its consumer groups. A push goes to every group that exists
 * when it starts; a batch goes to all of them or to none.
 */
final class Topic {

  private final String name;
  private final int capacity;
  private final Duration pushTimeout;
  private final Optional<String> deadLetterQueue;
  private final Map<String, ConsumerGroup> byName = new HashMap<>();
  /** Copy on write, in creation order, which is also the order in which a push locks them. */
  private volatile ConsumerGroup[] groups = new ConsumerGroup[0];

  Topic(String name, Settings settings) {
    this.name = name;
    this.capacity = settings.capacity();
    this.pushTimeout = settings.pushTimeout();
    this.deadLetterQueue = settings.deadLetterQueue(name);
    group(settings.defaultGroup());
  }

  String name() {
    return name;
  }

  Optional<String> deadLetterQueue() {
    return deadLetterQueue;
  }

  /** The group of that name, created on first use; it receives messages pushed from now on. */
  synchronized ConsumerGroup group(String groupName) {
    ConsumerGroup g = byName.get(groupName);
    if (g == null) {
      g = new ConsumerGroup(name, groupName, capacity);
      byName.put(groupName, g);
      ConsumerGroup[] more = Arrays.copyOf(groups, groups.length + 1);
      more[groups.length] = g;
      groups = more;
    }
    return g;
  }

  /** Writes one message; see {@link #write(Envelope[])}. */
  void write(Envelope e) {
    ConsumerGroup[] targets = groups;
    if (targets.length != 1 || !tryWriteOne(targets[0], e)) {
      write(new Envelope[] {e});
    }
  }

  /**
   * Writes the messages, in order, to every group, waiting up to the push timeout for space.
   * The envelopes are valid and carry no delivery data.
   *
   * @throws QueueFullException if some group lacks space for all of them; nothing written
   * @throws MessagingException if interrupted while waiting; nothing written
   */
  void write(Envelope[] batch) {
    ConsumerGroup[] targets = groups;
    int n = batch.length;
    for (ConsumerGroup g : targets) {
      if (n > g.capacity()) {
        throw new QueueFullException("a batch of " + n + " messages can never fit in queue '" + name
            + "' (consumer group '" + g.name() + "'), whose capacity is " + g.capacity());
      }
    }
    long deadline = 0;
    boolean deadlineSet = false; // read the clock only once a group turns out to be full
    while (true) {
      ConsumerGroup full = lockAllOrFindFull(targets, n);
      if (full == null) {
        try {
          for (ConsumerGroup g : targets) {
            for (Envelope e : batch) {
              g.append(new StoredMessage(e, e.partitionKey().orElse(null)));
            }
          }
          return;
        } finally {
          for (ConsumerGroup g : targets) {
            g.lock.unlock();
          }
        }
      }
      // Only the full group's lock is held here.
      if (!deadlineSet) {
        deadline = System.nanoTime() + pushTimeout.toNanos();
        deadlineSet = true;
      }
      try {
        waitForSpace(full, n, deadline);
      } finally {
        full.lock.unlock();
      }
    }
  }

  /** The common case, one message and one group with room, without the general loop. */
  private static boolean tryWriteOne(ConsumerGroup g, Envelope e) {
    g.lock.lock();
    try {
      if (g.freeSlots() < 1) {
        return false;
      }
      g.append(new StoredMessage(e, e.partitionKey().orElse(null)));
      return true;
    } finally {
      g.lock.unlock();
    }
  }

  /**
   * Locks every target in order. Returns null with all locks held when each has room for
   * {@code n}; otherwise returns the first full group with only its lock held.
   */
  private static ConsumerGroup lockAllOrFindFull(ConsumerGroup[] targets, int n) {
    int locked = 0;
    try {
      for (ConsumerGroup g : targets) {
        g.lock.lock();
        locked++;
        if (g.freeSlots() < n) {
          for (int i = 0; i < locked - 1; i++) {
            targets[i].lock.unlock();
          }
          locked = 0;
          return g;
        }
      }
      locked = 0;
      return null;
    } finally {
      // Reached with locks still counted only when lock() or freeSlots() threw.
      for (int i = 0; i < locked; i++) {
        targets[i].lock.unlock();
      }
    }
  }

  private void waitForSpace(ConsumerGroup g, int n, long deadline) {
    long left = deadline - System.nanoTime();
    while (g.freeSlots() < n) {
      if (left <= 0) {
        throw new QueueFullException("queue '" + name + "' (consumer group '" + g.name()
            + "') is full: it holds its capacity of " + g.capacity() + " messages"
            + (pushTimeout.isZero() ? "" : " and no space was freed within " + pushTimeout)
            + "; nothing was written");
      }
      try {
        left = g.awaitSpace(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new MessagingException("interrupted while waiting for space in queue '" + name
            + "'; nothing was written", e);
      }
    }
  }

  /** For tests and diagnostics. */
  List<ConsumerGroup> groups() {
    return List.of(groups);
  }
}
