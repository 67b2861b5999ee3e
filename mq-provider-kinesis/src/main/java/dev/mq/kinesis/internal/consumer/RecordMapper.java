package dev.mq.kinesis.internal.consumer;

import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * Turns one Kinesis record into the messages it holds. Bad data never makes it throw (it gives
 * a corrupt message); if it throws anyway, the reader delivers the record as
 * {@link #unmappable} says instead of dropping it.
 */
public interface RecordMapper {

  /**
   * {@return the messages of {@code record}, in sub-sequence order, made as they are asked for}
   *
   * @param shardId the shard it was read from
   * @param record the record
   */
  MappedRecords map(String shardId, Record record);

  /**
   * {@return the raw, corrupt message for a record (from sub-record {@code subSequenceNumber} on)
   * that {@link #map} or its messages failed for: the record's bytes, with the reason}
   *
   * @param shardId the shard it was read from
   * @param record the record
   * @param subSequenceNumber the first sub-record not delivered
   * @param reason why it could not be mapped
   */
  MappedRecord unmappable(String shardId, Record record, long subSequenceNumber, String reason);
}
