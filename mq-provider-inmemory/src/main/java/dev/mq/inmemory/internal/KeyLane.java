package dev.mq.inmemory.internal;

import java.util.ArrayDeque;

/**
 * The messages of one partition key that wait behind the key's head. While a lane exists, exactly
 * one message of its key is either ready or in flight; the others wait here in push order.
 * Guarded by the group's lock.
 */
final class KeyLane {

  /**
   * Shared marker for a key with one message ready or in flight and none waiting, the usual case;
   * it saves a lane per message. Never add to it.
   */
  static final KeyLane IDLE = new KeyLane();

  /** Created on first use: most keys never have more than one message at a time. */
  private ArrayDeque<StoredMessage> waiting;

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
