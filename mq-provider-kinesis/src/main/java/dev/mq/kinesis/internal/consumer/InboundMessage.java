package dev.mq.kinesis.internal.consumer;

import dev.mq.Envelope;
import dev.mq.kinesis.checkpoint.Checkpoint;
import java.util.Map;
import java.util.Optional;

/**
 * One message read from a shard, from the moment it is read until it is acknowledged or
 * dead-lettered: its envelope (without delivery data), its position in the shard and how often it
 * has been delivered.
 */
public final class InboundMessage {

  /**
   * Heap a message held by a shard reader takes besides its body and its strings' characters,
   * in bytes: this object, the envelope, its body array's header, its property map, the message
   * id string, and the entries for it in the shard tracker and the dispatcher. Measured on a
   * 64-bit JVM with compressed references (RetainedSizeTest): about 280 bytes for an empty
   * message of this provider's format; rounded up.
   */
  public static final long MESSAGE_OVERHEAD_BYTES = 320;
  /**
   * Heap each property takes besides its characters: a map entry with its table slot and two
   * string objects, about 130 bytes for a decoded message; raw records of other producers share
   * their property names and some values, so they take less (RetainedSizeTest: counted about 1.6
   * times what they retain). Rounded down to favour decoded messages, the common case.
   */
  public static final long PROPERTY_OVERHEAD_BYTES = 112;

  private final String shardId;
  private final String sequenceNumber;
  private final long subSequenceNumber;
  private final boolean lastOfRecord;
  private final Envelope envelope;
  private final long size;
  private int deliveries; // guarded by the Dispatcher's lock
  private boolean settled; // guarded by the ShardTracker's lock
  // Set when this process lost the shard's lease: the message belongs to another worker now.
  private volatile boolean abandoned;

  /**
   * A message read from a shard, not yet delivered.
   *
   * @param shardId the shard it was read from
   * @param sequenceNumber the sequence number of its Kinesis record
   * @param subSequenceNumber its position in an aggregate record, 0 for a plain record
   * @param lastOfRecord true when no later sub-record of the same Kinesis record follows, so that
   *     acknowledging this message completes the record
   * @param envelope the envelope as read
   * @param size the bytes it counts against the shard's read-ahead
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

  /**
   * {@return roughly the heap a held message of this envelope retains:
   * {@link #MESSAGE_OVERHEAD_BYTES}, its body, its message id and partition key, and
   * {@link #PROPERTY_OVERHEAD_BYTES} plus the characters of each property. So an empty message
   * counts too: a KPL aggregate of 100,000 empty user records is 100,000 messages of several
   * hundred bytes each, not 0 bytes}
   *
   * @param envelope the envelope as read
   */
  public static long retainedBytes(Envelope envelope) {
    long bytes = MESSAGE_OVERHEAD_BYTES + envelope.bodySize() + envelope.messageId().length();
    bytes += envelope.partitionKey().map(String::length).orElse(0);
    for (Map.Entry<String, String> p : envelope.properties().entrySet()) {
      bytes += PROPERTY_OVERHEAD_BYTES + p.getKey().length() + p.getValue().length();
    }
    return bytes;
  }

  /** {@return the shard it was read from} */
  public String shardId() {
    return shardId;
  }

  /** {@return the sequence number of its Kinesis record} */
  public String sequenceNumber() {
    return sequenceNumber;
  }

  /** {@return its position in an aggregate record, 0 for a plain record} */
  public long subSequenceNumber() {
    return subSequenceNumber;
  }

  /** {@return the envelope as read, without delivery data} */
  public Envelope envelope() {
    return envelope;
  }

  /** {@return the ordering key, or null for a message that may go in any order} */
  public String key() {
    return envelope.partitionKey().orElse(null);
  }

  /** {@return bytes it counts against the shard's read-ahead (see {@link #retainedBytes})} */
  public long size() {
    return size;
  }

  /** {@return the checkpoint that says "done up to and including this message"} */
  public Checkpoint checkpoint() {
    return lastOfRecord ? Checkpoint.afterRecord(sequenceNumber) : Checkpoint.at(sequenceNumber, subSequenceNumber);
  }

  int deliveries() {
    return deliveries;
  }

  int countDelivery() {
    return ++deliveries;
  }

  boolean isSettled() {
    return settled;
  }

  void markSettled() {
    settled = true;
  }

  /** {@return true when this process lost the shard: settling the message here changes nothing} */
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
