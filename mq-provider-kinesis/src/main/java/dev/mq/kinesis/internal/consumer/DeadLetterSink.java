package dev.mq.kinesis.internal.consumer;

import dev.mq.Envelope;

/** Writes a message to the dead-letter queue of one source queue. */
public interface DeadLetterSink {

  /** True when a dead-letter queue is configured for the source queue. */
  boolean isConfigured();

  /**
   * Writes {@code deadLetter} (already carrying the dead-letter properties) to the dead-letter
   * queue; returns only when it is accepted.
   *
   * @throws dev.mq.MessagingException when it was not written
   */
  void send(Envelope deadLetter);
}
