package dev.mq.spi;

import dev.mq.Envelope;
import java.time.Duration;
import java.util.Optional;

/**
 * Optional for providers: a {@link dev.mq.MessageQueue} that also implements this interface can
 * acknowledge one delivery and dequeue the next message in a single step, e.g. under one lock
 * acquisition. {@link PollingSubscription} uses it, when the queue offers it, to settle a handled
 * message and fetch the next one at once; applications never need it.
 */
public interface AcknowledgeAndDequeue {

  /**
   * Does {@code acknowledge(delivered)} and then {@code dequeue(maxWait)}, with their contracts.
   * The acknowledgement takes effect before the dequeue starts, so a later message of the same
   * partition key may be the one returned, and it stands when the dequeue part throws (for
   * example {@link IllegalStateException} because the instance is closing). When the
   * acknowledgement itself throws, nothing is dequeued.
   *
   * @param delivered an envelope this queue instance delivered
   * @param maxWait longest wait for the next message
   * @return the next message, or empty if none came within {@code maxWait}
   * @throws IllegalArgumentException if this instance did not deliver {@code delivered}, or
   *     {@code maxWait} is negative; nothing acknowledged
   * @throws IllegalStateException if the instance is closed
   */
  Optional<Envelope> acknowledgeAndDequeue(Envelope delivered, Duration maxWait);
}
