package dev.mq.kinesis.internal.producer;

import dev.mq.kinesis.internal.codec.DecodedMessage;
import dev.mq.kinesis.internal.codec.RecordCodec;
import dev.mq.kinesis.testing.TestStreams;
import dev.mq.kinesis.testing.TestTimeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** Reads a test stream back from the start, shard by shard, decoding this provider's records. */
final class StreamReader {

  private StreamReader() {}

  /** Every record of every shard, shard by shard in sequence order, once {@code expected} are there. */
  static Map<String, List<DecodedMessage>> readByShard(KinesisClient client, String stream,
      int expected) {
    long deadline = System.nanoTime() + TestTimeouts.scaled(Duration.ofSeconds(30)).toNanos();
    Map<String, List<DecodedMessage>> byShard;
    do {
      byShard = readOnce(client, stream);
      if (byShard.values().stream().mapToInt(List::size).sum() >= expected) {
        return byShard;
      }
    } while (System.nanoTime() < deadline);
    return byShard;
  }

  /** All records in one list: shard by shard (use one-shard streams for a total order). */
  static List<DecodedMessage> readAll(KinesisClient client, String stream, int expected) {
    List<DecodedMessage> all = new ArrayList<>();
    readByShard(client, stream, expected).values().forEach(all::addAll);
    return all;
  }

  private static Map<String, List<DecodedMessage>> readOnce(KinesisClient client, String stream) {
    Map<String, List<DecodedMessage>> out = new LinkedHashMap<>();
    TestStreams.forEachRecord(client, stream, (shardId, rec) -> out
        .computeIfAbsent(shardId, k -> new ArrayList<>())
        .add(RecordCodec.decode(rec.data().asByteArrayUnsafe()).orElseThrow()));
    return out;
  }
}
