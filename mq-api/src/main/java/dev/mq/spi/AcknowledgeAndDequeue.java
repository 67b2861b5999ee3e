package dev.mq.spi;

import dev.mq.Envelope;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Optional for providers: a {@link dev.mq.MessageQueue} that also implements this interface can
 * acknowledge deliveries and dequeue the next messages in a single step, e.g. under one lock
 * acquisition. {@link PollingSubscription} uses it, when the queue offers it, to settle handled
 * messages and fetch the next ones at once; applications never need it.
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

  /**
   * Does {@code acknowledge(e)} for each of {@code delivered}, in order, and then
   * {@code dequeue(maxMessages, maxWait)}, with their contracts: each message is acknowledged on
   * its own, as if by its own call. The acknowledgements take effect before the dequeue starts,
   * and stand when the dequeue part throws. When an acknowledgement throws, the earlier ones
   * stand and nothing is dequeued.
   *
   * @param delivered envelopes this queue instance delivered; may be empty
   * @param maxMessages most messages to return, at least 1
   * @param maxWait longest wait for the first message
   * @return up to {@code maxMessages} messages, empty if none came within {@code maxWait}
   * @throws IllegalArgumentException if this instance did not deliver one of {@code delivered},
   *     {@code maxMessages} is below 1 or {@code maxWait} is negative
   * @throws IllegalStateException if the instance is closed
   */
  List<Envelope> acknowledgeAndDequeue(List<Envelope> delivered, int maxMessages, Duration maxWait);
}
