package dev.mq.kinesis.internal.producer;

import java.util.concurrent.CompletableFuture;

/**
 * A record accepted by the producer and not yet written or failed. Mutable; confined to the
 * producer's dispatcher thread, except {@link #result}, which callers wait on.
 */
final class PendingEntry {

  final OutgoingRecord record;
  final long size;
  final long submittedNanos;
  final long deadlineNanos;
  final CompletableFuture<Void> result = new CompletableFuture<>();

  int attempts;
  long notBeforeNanos;
  boolean inFlight;
  String lastError;
  /** Some attempt failed after Kinesis may have applied it: a later failure is no proof of "not written". */
  boolean maybeWritten;

  PendingEntry(OutgoingRecord record, long size, long submittedNanos, long deadlineNanos) {
    this.record = record;
    this.size = size;
    this.submittedNanos = submittedNanos;
    this.deadlineNanos = deadlineNanos;
  }

  String key() {
    return record.kinesisPartitionKey();
  }
}
