package dev.mq.kinesis.internal.consumer;

import java.util.List;
import software.amazon.awssdk.services.kinesis.model.Record;

/** Turns one Kinesis record into the messages it holds; never throws for bad data. */
public interface RecordMapper {

  /** The messages of {@code record}, in sub-sequence order; empty for an aggregate of nothing. */
  List<MappedRecord> map(String shardId, Record record);
}
