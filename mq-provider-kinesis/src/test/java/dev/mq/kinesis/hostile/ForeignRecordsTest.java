package dev.mq.kinesis.hostile;

import static dev.mq.kinesis.hostile.Records.bytes;
import static dev.mq.kinesis.hostile.Records.concat;
import static dev.mq.kinesis.hostile.Records.kpl;
import static dev.mq.kinesis.hostile.Records.utf8;
import static dev.mq.kinesis.hostile.Records.varint;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.Broker;
import dev.mq.DeadLetters;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.MessageQueues;
import dev.mq.kinesis.testing.KinesisEndpoint;
import dev.mq.kinesis.testing.KinesisEndpointExtension;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records on the stream that are not ours, end to end: random bytes, our magic with a truncated or
 * lying header, KPL aggregates that are corrupt or lie inside a valid checksum. Each is delivered
 * raw (foreign) or dead-lettered / delivered raw with a reason (corrupt), per the README's
 * "Records of other producers"; the shard keeps flowing, and the good messages around them are
 * delivered, in order, with nothing lost.
 */
@ExtendWith(KinesisEndpointExtension.class)
class ForeignRecordsTest {

  @TempDir
  Path dir;

  /** Hostile records by name; {@code true} when the record claims one of our formats (corrupt). */
  private static Map<String, Hostile> hostileRecords() {
    byte[] random = new byte[3000];
    new Random(11).nextBytes(random);
    random[0] = 0x00; // not either magic
    Map<String, Hostile> m = new LinkedHashMap<>();
    m.put("random bytes", new Hostile(random, false));
    m.put("a short text", new Hostile(utf8("just text"), false));
    m.put("one byte", new Hostile(bytes(0xD1), false));
    m.put("our magic alone", new Hostile(Records.OUR_MAGIC, true));
    m.put("our magic, unknown version", new Hostile(concat(Records.OUR_MAGIC, bytes(9, 0)), true));
    m.put("body length of 4 GiB", new Hostile(concat(Records.OUR_MAGIC,
        bytes(1, 0, 0, 1, 'i', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 'x')), true));
    m.put("message id length past the end", new Hostile(concat(Records.OUR_MAGIC,
        bytes(1, 0, 0x03, 0xE8, 'a', 'b')), true));
    m.put("property count 65535", new Hostile(concat(Records.OUR_MAGIC,
        bytes(1, 0, 0, 1, 'i', 0xFF, 0xFF, 0, 1, 'n', 0, 0)), true));
    m.put("property value length past the end", new Hostile(concat(Records.OUR_MAGIC,
        bytes(1, 0, 0, 1, 'i', 0, 1, 0, 1, 'n', 0xFF, 0xFF, 'v')), true));
    m.put("invalid UTF-8 in the message id", new Hostile(concat(Records.OUR_MAGIC,
        bytes(1, 0, 0, 2, 0xC3, 0x28, 0, 0, 0, 0, 0, 0)), true));
    m.put("300 properties, more than an envelope holds", new Hostile(tooManyProperties(300), true));
    m.put("KPL magic alone", new Hostile(Records.KPL_MAGIC, true));
    m.put("KPL with a wrong MD5", new Hostile(concat(Records.KPL_MAGIC, bytes(0x0A, 1, 'k'), new byte[16]), true));
    m.put("KPL table entry claiming 2^60 bytes", new Hostile(kpl(concat(bytes(0x0A), varint(1L << 60), utf8("k"))), true));
    m.put("KPL record data claiming 2 GiB", new Hostile(kpl(concat(bytes(0x0A, 1, 'k', 0x1A, 8, 0x08, 0, 0x1A),
        varint(Integer.MAX_VALUE), bytes(1, 2))), true));
    m.put("KPL partition key index out of range", new Hostile(kpl(concat(bytes(0x0A, 1, 'k', 0x1A, 5, 0x08),
        varint(Long.MAX_VALUE >>> 8), bytes(0x1A, 1, 'x'))), true));
    return m;
  }

  private record Hostile(byte[] data, boolean corrupt) {}

  /** A well-formed record of our format with {@code n} distinct properties: over the envelope's 256. */
  private static byte[] tooManyProperties(int n) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(concat(Records.OUR_MAGIC, bytes(1, 0, 0, 1, 'i', n >>> 8, n & 0xFF)));
    for (int i = 0; i < n; i++) {
      out.writeBytes(bytes(0, 3, 'p', 'a' + i / 26, 'a' + i % 26, 0, 0));
    }
    out.writeBytes(bytes(0, 0, 0, 0));
    return out.toByteArray();
  }

  @Test
  void withADeadLetterQueueCorruptRecordsAreDeadLetteredWithAReasonAndForeignOnesDeliveredRaw(
      KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("hostile-dlq", 1);
    Map<String, Hostile> hostile = hostileRecords();
    List<String> order = writeInterleaved(endpoint, stream, hostile);
    Map<String, String> config = Records.config(endpoint, dir);
    config.put("mq.dead-letter-queue", "{queue}-dlq");
    try (Broker broker = MessageQueues.connect(config)) {
      MessageQueue q = broker.queue(stream);
      long foreign = hostile.values().stream().filter(h -> !h.corrupt()).count();
      List<Envelope> got = Records.receiveAndAck(q, (int) foreign + order.size());
      List<String> good = new ArrayList<>();
      int raw = 0;
      for (Envelope e : got) {
        if (e.property("mq.kinesis.sequence-number").isPresent()) {
          raw++;
          assertThat(e.property("mq.kinesis.corrupt-reason")).as("a foreign record is no corrupt one").isEmpty();
        } else {
          good.add(e.bodyAsString());
        }
      }
      assertThat(good).as("good messages, in push order, none lost").isEqualTo(order);
      assertThat(raw).isEqualTo(foreign);
      Records.assertNothingMore(q);

      MessageQueue dlq = broker.queue(stream + "-dlq");
      long corrupt = hostile.size() - foreign;
      List<Envelope> dead = Records.receiveAndAck(dlq, (int) corrupt);
      List<byte[]> expected = hostile.values().stream().filter(Hostile::corrupt).map(Hostile::data).toList();
      assertThat(dead).extracting(Envelope::body).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(dead).allSatisfy(d -> {
        assertThat(d.property(DeadLetters.REASON)).hasValueSatisfying(r -> assertThat(r).contains("corrupt"));
        assertThat(d.property(DeadLetters.SOURCE_QUEUE)).contains(stream);
        assertThat(d.property("mq.kinesis.sequence-number")).isPresent();
      });
      Records.assertNothingMore(dlq);
    }
  }

  @Test
  void withoutADeadLetterQueueCorruptRecordsAreDeliveredRawWithTheReason(KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("hostile-raw", 1);
    Map<String, Hostile> hostile = hostileRecords();
    List<String> order = writeInterleaved(endpoint, stream, hostile);
    try (Broker broker = MessageQueues.connect(Records.config(endpoint, dir))) {
      MessageQueue q = broker.queue(stream);
      List<Envelope> got = Records.receiveAndAck(q, hostile.size() + order.size());
      List<String> good = new ArrayList<>();
      List<byte[]> corruptBodies = new ArrayList<>();
      for (Envelope e : got) {
        if (e.property("mq.kinesis.sequence-number").isEmpty()) {
          good.add(e.bodyAsString());
        } else if (e.property("mq.kinesis.corrupt-reason").isPresent()) {
          assertThat(e.property("mq.kinesis.corrupt-reason").orElseThrow()).contains("corrupt");
          corruptBodies.add(e.body());
        }
      }
      assertThat(good).isEqualTo(order);
      assertThat(corruptBodies).containsExactlyInAnyOrderElementsOf(
          hostile.values().stream().filter(Hostile::corrupt).map(Hostile::data).toList());
      Records.assertNothingMore(q);
    }
  }

  /**
   * Writes a good message of our format, then each hostile record followed by another good one,
   * all with one partition key, so that a reader that stopped at a bad record would hold back
   * every later good one. Returns the good bodies in order.
   */
  private static List<String> writeInterleaved(KinesisEndpoint endpoint, String stream, Map<String, Hostile> hostile) {
    List<String> good = new ArrayList<>();
    Map<String, String> config = endpoint.providerConfig();
    try (Broker producer = MessageQueues.connect(config)) {
      MessageQueue q = producer.queue(stream);
      q.push(Envelope.builder().body("good-0").partitionKey("k").build());
      good.add("good-0");
      int i = 1;
      for (Map.Entry<String, Hostile> h : hostile.entrySet()) {
        Records.putRaw(endpoint, stream, "k", h.getValue().data());
        String body = "good-" + i++ + " after " + h.getKey();
        q.push(Envelope.builder().body(body).partitionKey("k").build());
        good.add(body);
      }
    }
    return good;
  }
}
