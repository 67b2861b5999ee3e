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
import java.util.concurrent.locks.ReentrantLock;

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
  /** Copy on write, in creation order, which is also the order in which a push reserves space. */
  private volatile ConsumerGroup[] groups = new ConsumerGroup[0];
  /** Held while a push appends to more than one group; see {@link #append}. */
  private final ReentrantLock writeLock = new ReentrantLock();

  Topic(String name, InMemoryConfig config) {
    this.name = name;
    this.capacity = config.capacity();
    this.pushTimeout = config.pushTimeout();
    this.deadLetterQueue = config.deadLetterQueue(name);
    group(config.defaultGroup());
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
    if (targets.length == 1 && targets[0].tryReserve(1)) {
      // The common case, one group with room: a compare-and-set and an append, no lock.
      targets[0].add(new StoredMessage(e, e.partitionKey().orElse(null)));
      return;
    }
    write(new Envelope[] {e});
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
      ConsumerGroup full = reserveAllOrFindFull(targets, n);
      if (full == null) {
        append(targets, batch);
        return;
      }
      if (!deadlineSet) {
        deadline = System.nanoTime() + pushTimeout.toNanos();
        deadlineSet = true;
      }
      waitForSpace(full, n, deadline);
    }
  }

  /**
   * Appends a batch whose space is reserved. With several groups the appends hold the write
   * lock, so that concurrent pushes reach every group in the same order.
   */
  private void append(ConsumerGroup[] targets, Envelope[] batch) {
    if (targets.length == 1) {
      appendTo(targets[0], batch);
      return;
    }
    writeLock.lock();
    try {
      for (ConsumerGroup g : targets) {
        appendTo(g, batch);
      }
    } finally {
      writeLock.unlock();
    }
  }

  private static void appendTo(ConsumerGroup g, Envelope[] batch) {
    for (Envelope e : batch) {
      g.add(new StoredMessage(e, e.partitionKey().orElse(null)));
    }
  }

  /**
   * Reserves {@code n} slots in every target, in order. Returns null with all of them reserved,
   * or the first group without room, with nothing reserved anywhere.
   */
  private static ConsumerGroup reserveAllOrFindFull(ConsumerGroup[] targets, int n) {
    for (int i = 0; i < targets.length; i++) {
      if (!targets[i].tryReserve(n)) {
        for (int j = 0; j < i; j++) {
          targets[j].unreserve(n);
        }
        return targets[i];
      }
    }
    return null;
  }

  private void waitForSpace(ConsumerGroup g, int n, long deadline) {
    boolean room;
    try {
      room = g.awaitSpace(n, deadline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MessagingException("interrupted while waiting for space in queue '" + name
          + "'; nothing was written", e);
    }
    if (!room) {
      throw new QueueFullException("queue '" + name + "' (consumer group '" + g.name()
          + "') is full: it holds its capacity of " + g.capacity() + " messages"
          + (pushTimeout.isZero() ? "" : " and no space was freed within " + pushTimeout)
          + "; nothing was written");
    }
  }

  /** For tests and diagnostics. */
  List<ConsumerGroup> groups() {
    return List.of(groups);
  }
}
