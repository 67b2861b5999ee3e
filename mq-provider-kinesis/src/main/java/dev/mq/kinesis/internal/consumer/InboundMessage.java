package dev.mq.kinesis.internal.consumer;

import dev.mq.Envelope;
import dev.mq.kinesis.checkpoint.Checkpoint;
import java.util.Optional;

/**
 * One message read from a shard, from the moment it is read until it is acknowledged or
 * dead-lettered: its envelope (without delivery data), its position in the shard and how often it
 * has been delivered.
 */
public final class InboundMessage {

  private final String shardId;
  private final String sequenceNumber;
  private final long subSequenceNumber;
  private final boolean lastOfRecord;
  private final Envelope envelope;
  private final long size;
  private int deliveries; // guarded by the Dispatcher's lock
  private boolean done; // guarded by the ShardTracker's lock
  // Set when this process lost the shard's lease: the message belongs to another worker now.
  private volatile boolean abandoned;

  /**
   * @param lastOfRecord true when no later sub-record of the same Kinesis record follows, so that
   *     acknowledging this message completes the record
   */
  public InboundMessage(String shardId, String sequenceNumber, long subSequenceNumber,
      boolean lastOfRecord, Envelope envelope, long size) {
    this.shardId = shardId;
    this.sequenceNumber = sequenceNumber;
    this.subSequenceNumber = subSequenceNumber;
    this.lastOfRecord = lastOfRecord;
    this.envelope = envelope;
    this.size = size;
  }

  public String shardId() {
    return shardId;
  }

  public String sequenceNumber() {
    return sequenceNumber;
  }

  public long subSequenceNumber() {
    return subSequenceNumber;
  }

  /** The envelope as read, without delivery data. */
  public Envelope envelope() {
    return envelope;
  }

  /** The ordering key, or null for a message that may go in any order. */
  public String key() {
    return envelope.partitionKey().orElse(null);
  }

  /** Bytes it counts against the shard's read-ahead. */
  public long size() {
    return size;
  }

  /** The checkpoint that says "done up to and including this message". */
  public Checkpoint checkpoint() {
    return lastOfRecord ? Checkpoint.afterRecord(sequenceNumber) : Checkpoint.at(sequenceNumber, subSequenceNumber);
  }

  int deliveries() {
    return deliveries;
  }

  int countDelivery() {
    return ++deliveries;
  }

  boolean isDone() {
    return done;
  }

  void markDone() {
    done = true;
  }

  /** True when this process lost the shard: settling the message here changes nothing. */
  public boolean isAbandoned() {
    return abandoned;
  }

  void markAbandoned() {
    abandoned = true;
  }

  /** Short description for logs; no body or property values. */
  @Override
  public String toString() {
    return "message " + envelope.messageId() + " at " + shardId + "/" + sequenceNumber
        + (lastOfRecord && subSequenceNumber == 0 ? "" : "/" + subSequenceNumber)
        + Optional.ofNullable(key()).map(k -> " key " + k).orElse("");
  }
}
