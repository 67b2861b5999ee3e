package dev.mq.inmemory.internal;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The messages one queue instance delivered and that are not settled yet, by delivery sequence.
 * An open-addressing map from {@code long} to message: no boxing and no entry objects, because
 * every delivery puts and every settlement removes. Not thread-safe; guarded by the group's lock.
 */
final class InFlightMessages {

  private static final int MIN_CAPACITY = 16;
  /**
   * The table never shrinks below this: 128 messages in flight fit without a resize, so that a
   * batching subscription, whose count swings from 0 to a few dozen and back with every batch,
   * does not grow and shrink the table each time (2 KiB per queue instance at most).
   */
  static final int SHRINK_FLOOR = 256;

  private long[] keys = new long[MIN_CAPACITY];
  private StoredMessage[] values = new StoredMessage[MIN_CAPACITY];
  private int size;

  int size() {
    return size;
  }

  StoredMessage get(long sequence) {
    int mask = keys.length - 1;
    for (int i = slot(sequence, mask); values[i] != null; i = (i + 1) & mask) {
      if (keys[i] == sequence) {
        return values[i];
      }
    }
    return null;
  }

  /** Adds a message under a sequence that is not in the map. */
  void put(long sequence, StoredMessage m) {
    if ((size + 1) * 2 > keys.length) {
      resize(keys.length * 2);
    }
    insert(sequence, m);
    size++;
  }

  /** Removes and returns the message of the sequence, or null. */
  StoredMessage remove(long sequence) {
    int mask = keys.length - 1;
    int i = slot(sequence, mask);
    while (values[i] != null && keys[i] != sequence) {
      i = (i + 1) & mask;
    }
    StoredMessage removed = values[i];
    if (removed == null) {
      return null;
    }
    values[i] = null;
    size--;
    // Backward-shift deletion keeps every probe chain unbroken without tombstones.
    int hole = i;
    for (int j = (i + 1) & mask; values[j] != null; j = (j + 1) & mask) {
      int home = slot(keys[j], mask);
      boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
      if (movable) {
        keys[hole] = keys[j];
        values[hole] = values[j];
        values[j] = null;
        hole = j;
      }
    }
    if (keys.length > SHRINK_FLOOR && size * 8 < keys.length) {
      resize(keys.length / 2); // give memory back after a burst
    }
    return removed;
  }

  void forEach(Consumer<StoredMessage> action) {
    for (StoredMessage m : values) {
      if (m != null) {
        action.accept(m);
      }
    }
  }

  void clear() {
    keys = new long[MIN_CAPACITY];
    values = new StoredMessage[MIN_CAPACITY];
    size = 0;
  }

  private void insert(long sequence, StoredMessage m) {
    int mask = keys.length - 1;
    int i = slot(sequence, mask);
    while (values[i] != null) {
      i = (i + 1) & mask;
    }
    keys[i] = sequence;
    values[i] = m;
  }

  private void resize(int capacity) {
    long[] oldKeys = keys;
    StoredMessage[] oldValues = values;
    keys = new long[capacity];
    values = new StoredMessage[capacity];
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldValues[i] != null) {
        insert(oldKeys[i], oldValues[i]);
      }
    }
  }

  private static int slot(long sequence, int mask) {
    // Sequences are consecutive; a multiplicative hash spreads them over the table anyway.
    long h = sequence * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }

  @Override
  public String toString() {
    return "InFlightMessages[size=" + size + ", capacity=" + keys.length + "]";
  }

  /** For tests: the table length. */
  int capacity() {
    return keys.length;
  }

  /** For tests: whether every stored sequence is found again. */
  boolean consistent() {
    int found = 0;
    for (int i = 0; i < keys.length; i++) {
      if (values[i] != null) {
        if (get(keys[i]) != values[i]) {
          return false;
        }
        found++;
      }
    }
    return found == size && Arrays.stream(values).filter(v -> v != null).count() == size;
  }
}
