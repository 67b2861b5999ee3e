package dev.mq.observability.internal;

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
 * @param health where broker calls report success or failure
 */
record QueueInstruments(String queue, String group, QueueMeters meters, QueueTracing tracing,
    BrokerInsight insight, Connectivity health) {

  /** The outcome of a reject ({@code wanted}: REQUEUED, DELAYED, or null for no requeue). */
  Outcome rejectOutcome(dev.mq.Envelope e, Outcome wanted) {
    return Outcome.ofReject(e, wanted, insight, queue);
  }

  /** The dead-letter queue's name for tags; empty when unknown or none. */
  String deadLetterTag() {
    return Outcome.deadLetterTag(insight, queue);
  }
}
