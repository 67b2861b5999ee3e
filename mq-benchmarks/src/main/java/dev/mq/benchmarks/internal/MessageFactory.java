package dev.mq.benchmarks.internal;

import dev.mq.Envelope;
import java.util.Arrays;

/**
 * Builds the benchmark messages: a {@value #BODY_SIZE}-byte body, a message id from a counter, and,
 * when keys are asked for, a partition key cycling through that many keys. Ids are given rather
 * than generated so that neither side pays for {@code UUID.randomUUID()} on every message. Not
 * thread-safe: give each producing thread its own factory.
 */
public final class MessageFactory {

  /** Size of every message body in bytes. */
  public static final int BODY_SIZE = 64;
  /** Most distinct partition keys a factory cycles through. */
  public static final int MAX_KEYS = 1024;

  private final byte[] body = new byte[BODY_SIZE];
  private final String idPrefix;
  private final String[] keys;
  private long sequence;

  /**
   * @param idPrefix starts every message id; use a different one per factory
   * @param keyCount 0 for messages without a partition key, else the number of keys to cycle
   */
  public MessageFactory(String idPrefix, int keyCount) {
    if (keyCount < 0 || keyCount > MAX_KEYS) {
      throw new IllegalArgumentException("keyCount must be 0.." + MAX_KEYS + ": " + keyCount);
    }
    this.idPrefix = idPrefix;
    this.keys = new String[keyCount];
    for (int i = 0; i < keyCount; i++) {
      keys[i] = "key-" + i;
    }
    Arrays.fill(body, (byte) 'x');
  }

  /**
   * Reads the message the way any consumer would, at least its body length, and fails on a body
   * that is not the one sent. Both sides call it on every received message, so neither can skip
   * touching the message (a cache miss on a message built on another core is part of a handoff).
   *
   * @throws IllegalStateException if the body is not {@value #BODY_SIZE} bytes long
   */
  public static void check(Envelope e) {
    if (e.bodySize() != BODY_SIZE) {
      throw new IllegalStateException("expected a " + BODY_SIZE + "-byte body, got " + e.bodySize());
    }
  }

  /** The next message. */
  public Envelope next() {
    long n = sequence++;
    Envelope.Builder b = Envelope.builder().body(body).messageId(idPrefix + n);
    if (keys.length > 0) {
      b.partitionKey(keys[(int) (n % keys.length)]);
    }
    return b.build();
  }
}
