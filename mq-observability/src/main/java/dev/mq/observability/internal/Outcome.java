package dev.mq.observability.internal;

import dev.mq.Envelope;
import dev.mq.spi.BrokerInsight;
import java.util.Optional;

/** What became of a delivered message when it was settled: the {@code mq.outcome} tag. */
enum Outcome {
  ACKNOWLEDGED("acknowledged"),
  REQUEUED("requeued"),
  DELAYED("delayed"),
  DEAD_LETTERED("dead-lettered"),
  DROPPED("dropped");

  private final String tag;

  Outcome(String tag) {
    this.tag = tag;
  }

  String tag() {
    return tag;
  }

  /**
   * The outcome of a reject. A provider that reports its attempt limit and dead-letter queues
   * ({@link BrokerInsight}) tells a requeue at the limit (dead-lettered, or dropped without a
   * dead-letter queue) from one below it; without that, a requeue counts as requeued and a
   * reject without requeue as dead-lettered.
   *
   * @param wanted {@link #REQUEUED} or {@link #DELAYED} for a reject with requeue, else null
   * @param deadLetterQueue the queue's dead-letter queue; empty when none (or unknown)
   */
  static Outcome ofReject(Envelope e, Outcome wanted, BrokerInsight insight, String deadLetterQueue) {
    if (insight == null) {
      return wanted != null ? wanted : DEAD_LETTERED;
    }
    if (wanted != null && e.deliveryAttempt() < insight.maxDeliveryAttempts()) {
      return wanted;
    }
    return deadLetterQueue.isEmpty() ? DROPPED : DEAD_LETTERED;
  }

  /** The dead-letter queue's name for the metric tag: empty when unknown. */
  static String deadLetterTag(BrokerInsight insight, String queue) {
    return insight == null ? "" : deadLetterQueue(insight, queue).orElse("");
  }

  private static Optional<String> deadLetterQueue(BrokerInsight insight, String queue) {
    try {
      return insight.deadLetterQueue(queue);
    } catch (RuntimeException e) {
      return Optional.empty(); // an invalid configured name fails the queue's opening anyway
    }
  }
}
