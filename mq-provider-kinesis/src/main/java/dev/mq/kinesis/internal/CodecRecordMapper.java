package dev.mq.kinesis.internal;

import dev.mq.Envelope;
import dev.mq.kinesis.internal.codec.DecodedMessage;
import dev.mq.kinesis.internal.codec.KplAggregate;
import dev.mq.kinesis.internal.codec.RecordCodec;
import dev.mq.kinesis.internal.codec.RecordFormatException;
import dev.mq.kinesis.internal.codec.UserRecord;
import dev.mq.kinesis.internal.consumer.MappedRecord;
import dev.mq.kinesis.internal.consumer.RecordMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * Maps records: our format to its envelope; a KPL aggregate to one message per user record;
 * anything else to a raw envelope whose properties say where it came from. A record of our
 * format (or an aggregate) that cannot be decoded becomes a raw envelope with a corrupt reason,
 * so that the reader can dead-letter or deliver it instead of stopping.
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
    byte[] data = r.data().asByteArrayUnsafe();
    if (KplAggregate.isAggregated(data)) {
      return mapAggregate(shardId, r, data);
    }
    return List.of(mapOne(shardId, r, data, r.partitionKey(), -1, true));
  }

  private List<MappedRecord> mapAggregate(String shardId, Record r, byte[] data) {
    List<UserRecord> users;
    try {
      users = KplAggregate.deaggregate(data);
    } catch (RecordFormatException | IllegalArgumentException e) {
      String reason = "corrupt KPL aggregate: " + e.getMessage();
      return List.of(new MappedRecord(0, true,
          raw(shardId, r, data.clone(), r.partitionKey(), -1, reason), data.length, reason));
    }
    List<MappedRecord> out = new ArrayList<>(users.size());
    for (UserRecord u : users) {
      out.add(mapOne(shardId, r, u.data(), u.partitionKey(), u.index(), u.index() == users.size() - 1));
    }
    return out;
  }

  private MappedRecord mapOne(String shardId, Record r, byte[] data, String kinesisKey, long sub,
      boolean last) {
    long subSequence = Math.max(sub, 0);
    try {
      Optional<DecodedMessage> ours = RecordCodec.decode(data);
      if (ours.isPresent()) {
        return new MappedRecord(subSequence, last, ours.get().toEnvelopeBuilder().build(), data.length, null);
      }
      return new MappedRecord(subSequence, last, raw(shardId, r, data.clone(), kinesisKey, sub, null),
          data.length, null);
    } catch (RecordFormatException | IllegalArgumentException e) {
      String reason = "corrupt record: " + e.getMessage();
      return new MappedRecord(subSequence, last, raw(shardId, r, data.clone(), kinesisKey, sub, reason),
          data.length, reason);
    }
  }

  private static Envelope raw(String shardId, Record r, byte[] data, String kinesisKey, long sub,
      String reason) {
    Envelope.Builder b = Envelope.builder()
        .body(data)
        .messageId(shardId + "/" + r.sequenceNumber() + (sub >= 0 ? "/" + sub : ""))
        .property(SHARD_ID, shardId)
        .property(SEQUENCE_NUMBER, r.sequenceNumber());
    if (kinesisKey != null && !kinesisKey.isEmpty()) {
      b.partitionKey(kinesisKey).property(PARTITION_KEY, kinesisKey);
    }
    if (sub >= 0) {
      b.property(SUB_SEQUENCE_NUMBER, Long.toString(sub));
    }
    if (r.approximateArrivalTimestamp() != null) {
      b.property(ARRIVAL_TIME, r.approximateArrivalTimestamp().toString());
    }
    if (reason != null) {
      b.property(CORRUPT_REASON, reason);
    }
    return b.build();
  }
}
