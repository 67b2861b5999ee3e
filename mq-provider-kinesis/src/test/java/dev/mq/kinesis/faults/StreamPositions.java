package dev.mq.kinesis.faults;

import dev.mq.kinesis.checkpoint.Checkpoint;
import dev.mq.kinesis.internal.codec.DecodedMessage;
import dev.mq.kinesis.internal.codec.RecordCodec;
import dev.mq.kinesis.testing.TestStreams;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.kinesis.KinesisClient;

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
    TestStreams.forEachRecord(client, stream, (shardId, rec) -> {
      DecodedMessage m = RecordCodec.decode(rec.data().asByteArrayUnsafe()).orElseThrow();
      out.putIfAbsent(new String(m.body(), StandardCharsets.UTF_8),
          new Position(shardId, rec.sequenceNumber()));
    });
    return out;
  }
}
