package dev.mq.kinesis.internal.consumer;

import dev.mq.Envelope;

/**
 * One message made from a Kinesis record (or from one sub-record of a KPL aggregate).
 *
 * @param subSequenceNumber 0 for a plain record; the sub-record's index in an aggregate
 * @param lastOfRecord true when no later message comes from the same Kinesis record
 * @param envelope the message, without delivery data
 * @param corruptReason why the record could not be decoded (or mapped), or null; a corrupt
 *     record's envelope holds its raw bytes
 */
public record MappedRecord(long subSequenceNumber, boolean lastOfRecord, Envelope envelope,
    String corruptReason) {

  /** {@return true when the record was ours (or an aggregate) but could not be decoded} */
  public boolean isCorrupt() {
    return corruptReason != null;
  }
}
