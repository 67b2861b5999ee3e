package dev.mq.sqs.internal;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the visibility keeper did for one queue since the broker started, for monitoring: kept
 * per broker and queue name, so the totals outlive the queue instances that add to them.
 */
final class VisibilityCounts {

  /** Visibility timeouts extended for a held message. */
  final LongAdder extended = new LongAdder();
  /** Extensions SQS refused or that failed after the SDK's retries. */
  final LongAdder failed = new LongAdder();
  /** Messages no longer extended because they reached {@code mq.sqs.max-hold-time}. */
  final LongAdder holdLimitReached = new LongAdder();
}
