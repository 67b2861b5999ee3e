package dev.mq.sqs.internal;

import dev.mq.Envelope;

/**
 * A message a queue instance delivered and has not settled: its receipt handle, the delivered
 * envelope, and until when SQS keeps it invisible. Settling marks it under its monitor, and the
 * visibility keeper extends it under the same monitor only while it is unsettled, so that no
 * extension can follow (and undo) a give-back, a requeue delay or an acknowledgement.
 */
final class Held {

  final String tag;
  final String receiptHandle;
  final Envelope delivered;
  final long receivedNanos;
  private long visibleUntilNanos;
  private boolean settled;
  private boolean givenUp;

  Held(String tag, String receiptHandle, Envelope delivered, long receivedNanos, long visibleUntilNanos) {
    this.tag = tag;
    this.receiptHandle = receiptHandle;
    this.delivered = delivered;
    this.receivedNanos = receivedNanos;
    this.visibleUntilNanos = visibleUntilNanos;
  }

  /** Marks it settled (waiting for an extension in progress); false if it was already. */
  synchronized boolean settle() {
    if (settled) {
      return false;
    }
    settled = true;
    return true;
  }

  /** Marks it unsettled again (a dead letter that could not be written stays held). */
  synchronized void unsettle() {
    settled = false;
  }

  synchronized boolean isSettled() {
    return settled;
  }

  synchronized long visibleUntilNanos() {
    return visibleUntilNanos;
  }

  synchronized void extended(long visibleUntil) {
    this.visibleUntilNanos = visibleUntil;
  }

  synchronized boolean givenUp() {
    return givenUp;
  }

  synchronized void giveUp() {
    givenUp = true;
  }
}
