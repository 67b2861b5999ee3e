package dev.mq.inmemory.internal;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The messages of one queue for one consumer group: those ready for delivery, those waiting
 * behind an earlier message of their partition key, and a count of everything held, in flight
 * included. Every operation is O(1).
 *
 * <p>Callers hold {@link #lock} around every method except the accessors; the queue instances of
 * the group keep their in-flight maps under the same lock so that a message is always in exactly
 * one place.
 */
final class ConsumerGroup {

  /** Guards all state of the group and of its queue instances' in-flight maps. */
  final ReentrantLock lock = new ReentrantLock();

  private final String queueName;
  private final String name;
  private final int capacity;
  private final Condition messageReady = lock.newCondition();
  private final Condition spaceFreed = lock.newCondition();
  private final ArrayDeque<StoredMessage> ready = new ArrayDeque<>();
  private final HashMap<String, KeyLane> lanes = new HashMap<>();
  private int held;

  ConsumerGroup(String queueName, String name, int capacity) {
    this.queueName = queueName;
    this.name = name;
    this.capacity = capacity;
  }

  String queueName() {
    return queueName;
  }

  String name() {
    return name;
  }

  int capacity() {
    return capacity;
  }

  /** How many more messages fit. */
  int freeSlots() {
    return capacity - held;
  }

  /** Adds a newly pushed message behind everything of its key. The caller checked the space. */
  void append(StoredMessage m) {
    held++;
    if (m.key != null) {
      KeyLane lane = lanes.get(m.key);
      if (lane != null) {
        if (lane == KeyLane.IDLE) {
          lane = new KeyLane();
          lanes.put(m.key, lane);
        }
        lane.add(m);
        return;
      }
      lanes.put(m.key, KeyLane.IDLE);
    }
    ready.addLast(m);
    messageReady.signal();
  }

  /** The next deliverable message, its delivery counted, or null. */
  StoredMessage take() {
    StoredMessage m = ready.pollFirst();
    if (m == null) {
      return null;
    }
    m.deliveries++;
    if (!ready.isEmpty()) {
      // Passes the wake-up on, so a signal consumed by a waiter that then timed out is not lost.
      messageReady.signal();
    }
    return m;
  }

  /**
   * Makes a message that was in flight deliverable again. Its key's later messages stay behind
   * it, because the key's lane is still open.
   */
  void requeue(StoredMessage m) {
    ready.addLast(m);
    messageReady.signal();
  }

  /** Forgets a message that was in flight for good and lets its key's next message go. */
  void settle(StoredMessage m) {
    held--;
    if (m.key != null) {
      KeyLane lane = lanes.get(m.key);
      StoredMessage next = lane == null || lane == KeyLane.IDLE ? null : lane.poll();
      if (next != null) {
        ready.addLast(next);
        messageReady.signal();
      } else {
        lanes.remove(m.key);
      }
    }
    spaceFreed.signalAll(); // a batch push may wait for more than one slot
  }

  /** Waits for a message to become ready; returns the nanoseconds left. */
  long awaitReady(long nanos) throws InterruptedException {
    return messageReady.awaitNanos(nanos);
  }

  /** Waits for space to be freed; returns the nanoseconds left. */
  long awaitSpace(long nanos) throws InterruptedException {
    return spaceFreed.awaitNanos(nanos);
  }

  /** Wakes every waiting consumer, e.g. so that waiters on a closing instance notice it. */
  void wakeConsumers() {
    messageReady.signalAll();
  }

  /** For tests and diagnostics: messages held, pending plus in flight. */
  int held() {
    return held;
  }

  /** Not a precise snapshot unless the lock is held. */
  @Override
  public String toString() {
    return "ConsumerGroup[" + queueName + "/" + name + "]";
  }
}
