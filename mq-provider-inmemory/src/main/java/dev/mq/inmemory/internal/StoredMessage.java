package dev.mq.inmemory.internal;

import dev.mq.Envelope;

/**
 * One message as one consumer group holds it. Each group has its own copy because each counts
 * its own deliveries; the envelope itself is immutable and shared.
 */
final class StoredMessage {

  final Envelope envelope;
  /** The partition key, or null; kept apart from the Optional so the hot path allocates nothing. */
  final String key;
  /**
   * The key's lane, set when the group sorts the message in (null without a key), so that
   * settling it finds the key's next message without a map lookup. Guarded by the group's lock.
   */
  KeyLane lane;
  /** Times delivered so far; guarded by the group's lock. */
  int deliveries;
  /** While it waits for a retry: when it may be delivered again (nanoTime); guarded by the group's lock. */
  long notBeforeNanos;

  StoredMessage(Envelope envelope, String key) {
    this.envelope = envelope;
    this.key = key;
  }
}
