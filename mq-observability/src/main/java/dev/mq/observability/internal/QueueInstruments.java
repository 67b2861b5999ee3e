package dev.mq.observability.internal;

import dev.mq.Envelope;
import dev.mq.spi.BrokerInsight;

/**
 * Everything the instrumented instances of one queue and group share: meters, tracing, and
 * what the provider says about the queue.
 *
 * @param queue the queue
 * @param group the consumer group
 * @param meters its meters
 * @param tracing its spans
 * @param insight the provider's insight, or null when the broker has none
 * @param deadLetterQueue the dead-letter queue's name; empty when unknown or none
 * @param health where broker calls report success or failure
 */
record QueueInstruments(String queue, String group, QueueMeters meters, QueueTracing tracing,
    BrokerInsight insight, String deadLetterQueue, Connectivity health) {

  /** The outcome of a reject ({@code wanted}: REQUEUED, DELAYED, or null for no requeue). */
  Outcome rejectOutcome(Envelope e, Outcome wanted) {
    return Outcome.ofReject(e, wanted, insight, deadLetterQueue);
  }
}
