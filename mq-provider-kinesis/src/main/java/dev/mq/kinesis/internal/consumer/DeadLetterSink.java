package dev.mq.kinesis.internal.consumer;

import dev.mq.Envelope;

/** Writes a message to the dead-letter queue of one source queue. */
public interface DeadLetterSink {

  /** {@return true when a dead-letter queue is configured for the source queue} */
  boolean isConfigured();

  /**
   * Writes {@code deadLetter} (already carrying the dead-letter properties) to the dead-letter
   * queue; returns only when it is accepted.
   *
   * @throws dev.mq.MessagingException when it was not written
   * @param deadLetter the envelope to write to the dead-letter queue
   */
  void send(Envelope deadLetter);
}
