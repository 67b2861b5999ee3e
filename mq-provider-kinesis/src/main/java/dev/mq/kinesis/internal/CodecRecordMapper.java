package dev.mq.kinesis.internal;

import dev.mq.Envelope;
import dev.mq.kinesis.internal.consumer.MappedRecord;
import dev.mq.kinesis.internal.consumer.RecordMapper;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * Maps records: our format to its envelope; anything else to a raw envelope whose properties say
 * where it came from; a record of our format that cannot be decoded to a raw envelope with a
 * corrupt reason.
 */
final class CodecRecordMapper implements RecordMapper {

  static final String SHARD_ID = "mq.kinesis.shard-id";
  static final String SEQUENCE_NUMBER = "mq.kinesis.sequence-number";
  static final String SUB_SEQUENCE_NUMBER = "mq.kinesis.sub-sequence-number";
  static final String PARTITION_KEY = "mq.kinesis.partition-key";
  static final String ARRIVAL_TIME = "mq.kinesis.arrival-time";
  static final String CORRUPT_REASON = "mq.kinesis.corrupt-reason";

  @Override
  public List<MappedRecord> map(String shardId, Record r) {
    byte[] data = r.data().asByteArray();
    try {
      Optional<Envelope> ours = InterimCodec.decode(data);
      if (ours.isPresent()) {
        return List.of(new MappedRecord(0, true, ours.get(), data.length, null));
      }
      return List.of(new MappedRecord(0, true, raw(shardId, r, data, -1, null).build(), data.length, null));
    } catch (IllegalArgumentException e) {
      String reason = "corrupt record: " + e.getMessage();
      return List.of(new MappedRecord(0, true, raw(shardId, r, data, -1, reason).build(), data.length, reason));
    }
  }

  private static Envelope.Builder raw(String shardId, Record r, byte[] data, long sub, String reason) {
    Envelope.Builder b = Envelope.builder()
        .body(data)
        .messageId(shardId + "/" + r.sequenceNumber() + (sub >= 0 ? "/" + sub : ""))
        .partitionKey(r.partitionKey())
        .property(SHARD_ID, shardId)
        .property(SEQUENCE_NUMBER, r.sequenceNumber())
        .property(PARTITION_KEY, r.partitionKey());
    if (sub >= 0) {
      b.property(SUB_SEQUENCE_NUMBER, Long.toString(sub));
    }
    if (r.approximateArrivalTimestamp() != null) {
      b.property(ARRIVAL_TIME, r.approximateArrivalTimestamp().toString());
    }
    if (reason != null) {
      b.property(CORRUPT_REASON, reason);
    }
    return b;
  }
}
