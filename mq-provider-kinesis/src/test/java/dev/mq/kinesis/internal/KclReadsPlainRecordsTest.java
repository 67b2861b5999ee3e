package dev.mq.kinesis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.kinesis.testing.Dynalite;
import dev.mq.kinesis.testing.KinesisEndpoint;
import dev.mq.kinesis.testing.KinesisEndpointExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Kinesis Client Library application (AWS's {@code amazon-kinesis-client}, polling, on
 * kinesis-local and dynalite) reads what this provider pushes with
 * {@code mq.kinesis.record-format=plain}: every body byte for byte, each once, in order per
 * partition key, with the Kinesis partition key the README documents (the envelope's key, or
 * the message id for a message without one).
 */
@Tag("interop")
@ExtendWith(KinesisEndpointExtension.class)
class KclReadsPlainRecordsTest {

  private static final int MESSAGES = 30;
  private static final int[] SIZES = {1, 2, 3, 17, 255, 256, 1000, 4096, 65_537, 200_000};

  @AutoClose
  private static final Dynalite dynalite = Dynalite.start();

  @TempDir
  Path dir;

  /** Bytes compared by content, shown by length and first bytes. */
  record Bytes(byte[] value) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Bytes b && Arrays.equals(value, b.value);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return value.length + " bytes " + HexFormat.of().formatHex(value, 0, Math.min(12, value.length));
    }
  }

  /**
   * Binary bodies of varied sizes: zero bytes, invalid UTF-8 ({@code C3 28}, {@code FF}) and
   * random bytes, none starting with a format's magic (which plain refuses).
   */
  private static List<Envelope> messages() {
    Random random = new Random(17);
    List<Envelope> out = new ArrayList<>();
    for (int i = 0; i < MESSAGES; i++) {
      byte[] body = new byte[SIZES[i % SIZES.length]];
      random.nextBytes(body);
      body[0] = (byte) (i % 2 == 0 ? 0x00 : 0xFF);
      if (body.length >= 3) {
        body[1] = (byte) 0xC3;
        body[2] = 0x28;
      }
      Envelope.Builder b = Envelope.builder().body(body);
      if (i % 3 != 0) {
        b.partitionKey("customer-" + (i % 4));
      }
      out.add(b.build());
    }
    return out;
  }

  /** Per Kinesis partition key, the bodies in order. */
  private static Map<String, List<Bytes>> byKey(List<String> keys, List<byte[]> bodies) {
    Map<String, List<Bytes>> out = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      out.computeIfAbsent(keys.get(i), k -> new ArrayList<>()).add(new Bytes(bodies.get(i)));
    }
    return out;
  }

  @Test
  void aKclApplicationGetsEveryPlainBodyByteForByteOnceWithItsPartitionKey(KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("kcl-plain", 2);
    Map<String, String> config = ProviderTests.config(endpoint, dir);
    config.put("mq.kinesis.record-format", "plain");
    List<Envelope> pushed = messages();
    try (KinesisBroker broker = ProviderTests.connect(config)) {
      MessageQueue q = broker.queue(stream);
      q.pushAll(pushed.subList(0, MESSAGES / 2));
      for (Envelope e : pushed.subList(MESSAGES / 2, MESSAGES)) {
        q.push(e);
      }
    }
    List<KclApplication.Received> got;
    try (KclApplication kcl = KclApplication.start(endpoint, dynalite, stream, r -> true)) {
      Map<String, String> lastPerShard = new LinkedHashMap<>();
      kcl.awaitReceived(MESSAGES).forEach(r -> lastPerShard.put(r.shardId(), r.sequenceNumber()));
      kcl.awaitCheckpoints(lastPerShard);
      kcl.stop();
      got = kcl.received();
    }
    // README: the Kinesis partition key is the envelope's key, or the message id without one
    Map<String, List<Bytes>> expected = byKey(
        pushed.stream().map(e -> e.partitionKey().orElse(e.messageId())).toList(),
        pushed.stream().map(Envelope::body).toList());
    Map<String, List<Bytes>> actual = byKey(
        got.stream().map(KclApplication.Received::partitionKey).toList(),
        got.stream().map(KclApplication.Received::data).toList());
    assertThat(got).as("records the KCL handed over").hasSize(MESSAGES);
    assertThat(actual).as("bodies per partition key, in order").isEqualTo(expected);
  }
}
