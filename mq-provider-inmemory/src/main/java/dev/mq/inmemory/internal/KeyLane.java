package dev.mq.inmemory.internal;

import java.util.ArrayDeque;

/**
 * The state of one partition key in one consumer group. While the lane is {@link #busy}, exactly
 * one message of its key is ready or in flight and the key's later messages wait here in push
 * order; an idle lane has none waiting. Lanes stay in the group's map while idle, so that a key's
 * steady state (one message at a time) allocates nothing; the group sweeps idle lanes out when
 * the map grows. Guarded by the group's lock.
 */
final class KeyLane {

  /** Whether a message of this key is ready or in flight. */
  boolean busy;
  /** Created on first use: most keys never have more than one message at a time. */
  private ArrayDeque<StoredMessage> waiting;

  /** Queues a message behind the busy one. */
  void add(StoredMessage m) {
    if (waiting == null) {
      waiting = new ArrayDeque<>(4);
    }
    waiting.addLast(m);
  }

  /** The next message of the key, or null when none waits. */
  StoredMessage poll() {
    return waiting == null ? null : waiting.pollFirst();
  }
}
