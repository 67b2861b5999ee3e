package dev.mq.kinesis.internal;

import dev.mq.Envelope;
import dev.mq.kinesis.internal.codec.DecodedMessage;
import dev.mq.kinesis.internal.codec.KplAggregate;
import dev.mq.kinesis.internal.codec.RecordCodec;
import dev.mq.kinesis.internal.codec.RecordFormatException;
import dev.mq.kinesis.internal.codec.UserRecord;
import dev.mq.kinesis.internal.consumer.MappedRecord;
import dev.mq.kinesis.internal.consumer.MappedRecords;
import dev.mq.kinesis.internal.consumer.RecordMapper;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * Maps records: our format to its envelope; a KPL aggregate to one message per user record;
 * anything else to a raw envelope whose properties say where it came from. A record of our
 * format (or an aggregate) that cannot be decoded becomes a raw envelope with a corrupt reason,
 * so that the reader can dead-letter or deliver it instead of stopping. An aggregate is checked
 * whole when it is opened, and its user records are made one at a time as the reader asks.
 */
final class CodecRecordMapper implements RecordMapper {

  static final String SHARD_ID = "mq.kinesis.shard-id";
  static final String SEQUENCE_NUMBER = "mq.kinesis.sequence-number";
  static final String SUB_SEQUENCE_NUMBER = "mq.kinesis.sub-sequence-number";
  static final String PARTITION_KEY = "mq.kinesis.partition-key";
  static final String ARRIVAL_TIME = "mq.kinesis.arrival-time";
  static final String CORRUPT_REASON = "mq.kinesis.corrupt-reason";

  @Override
  public MappedRecords map(String shardId, Record r) {
    byte[] data = r.data().asByteArrayUnsafe();
    if (KplAggregate.isAggregated(data)) {
      return mapAggregate(shardId, r, data);
    }
    return MappedRecords.of(List.of(mapOne(shardId, r, data, r.partitionKey(), -1, true)));
  }

  @Override
  public MappedRecord unmappable(String shardId, Record r, long subSequenceNumber, String reason) {
    byte[] data = r.data().asByteArray();
    boolean aggregate = KplAggregate.isAggregated(data);
    return new MappedRecord(subSequenceNumber, true,
        raw(shardId, r, data, r.partitionKey(), aggregate ? subSequenceNumber : -1, reason), reason);
  }

  /** The user records are made as the reader asks for them, not all at once. */
  private MappedRecords mapAggregate(String shardId, Record r, byte[] data) {
    KplAggregate.Parsed parsed;
    try {
      parsed = KplAggregate.parse(data);
    } catch (RecordFormatException | IllegalArgumentException e) {
      String reason = "corrupt KPL aggregate: " + e.getMessage();
      return MappedRecords.of(List.of(new MappedRecord(0, true,
          raw(shardId, r, data.clone(), r.partitionKey(), -1, reason), reason)));
    }
    return new MappedRecords() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < parsed.count();
      }

      @Override
      public MappedRecord next() {
        UserRecord u = parsed.userRecord(next);
        MappedRecord m = mapOne(shardId, r, u.data(), u.partitionKey(), u.index(),
            u.index() == parsed.count() - 1);
        next++;
        return m;
      }
    };
  }

  private MappedRecord mapOne(String shardId, Record r, byte[] data, String kinesisKey, long sub,
      boolean last) {
    long subSequence = Math.max(sub, 0);
    try {
      Optional<DecodedMessage> ours = RecordCodec.decode(data);
      if (ours.isPresent()) {
        return new MappedRecord(subSequence, last, ours.get().toEnvelopeBuilder().build(), null);
      }
      return new MappedRecord(subSequence, last, raw(shardId, r, data.clone(), kinesisKey, sub, null),
          null);
    } catch (RecordFormatException | IllegalArgumentException e) {
      String reason = "corrupt record: " + e.getMessage();
      return new MappedRecord(subSequence, last, raw(shardId, r, data.clone(), kinesisKey, sub, reason),
          reason);
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
