package dev.mq.kinesis.faults;

import dev.mq.kinesis.checkpoint.Checkpoint;
import dev.mq.kinesis.internal.codec.DecodedMessage;
import dev.mq.kinesis.internal.codec.RecordCodec;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** Where each message of a (small) test stream is: shard and sequence number, by body. */
final class StreamPositions {

  /** A record's place. */
  record Position(String shardId, String sequenceNumber) {
    /** Whether {@code checkpoint} (of this record's shard) is at or past this record. */
    boolean coveredBy(Checkpoint checkpoint) {
      return checkpoint != null && Checkpoint.afterRecord(sequenceNumber).compareTo(checkpoint) <= 0;
    }
  }

  private StreamPositions() {}

  /** Reads every shard from its start (the first copy of a body written twice wins). */
  static Map<String, Position> read(KinesisClient client, String stream) {
    Map<String, Position> out = new HashMap<>();
    List<Shard> shards = client.listShards(b -> b.streamName(stream)).shards();
    for (Shard shard : shards) {
      String iterator = client.getShardIterator(b -> b.streamName(stream).shardId(shard.shardId())
          .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
      while (iterator != null) {
        String it = iterator;
        GetRecordsResponse r = client.getRecords(b -> b.shardIterator(it).limit(10_000));
        for (Record rec : r.records()) {
          DecodedMessage m = RecordCodec.decode(rec.data().asByteArrayUnsafe()).orElseThrow();
          out.putIfAbsent(new String(m.body(), StandardCharsets.UTF_8),
              new Position(shard.shardId(), rec.sequenceNumber()));
        }
        iterator = r.nextShardIterator();
        if (r.records().isEmpty() && Long.valueOf(0).equals(r.millisBehindLatest())) {
          break;
        }
      }
    }
    return out;
  }
}
