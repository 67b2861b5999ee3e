package dev.mq.kinesis.hostile;

import static org.assertj.core.api.Assertions.fail;

import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.kinesis.testing.KinesisEndpoint;
import dev.mq.kinesis.testing.TestTimeouts;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordRequest;

/** Helpers of the hostile-input tests: raw records on a stream, configuration, bounded waits. */
final class Records {

  static final Duration AWAIT = TestTimeouts.scaled(Duration.ofSeconds(60));
  static final Duration QUIET = TestTimeouts.scaled(Duration.ofMillis(1500));
  static final byte[] OUR_MAGIC = {(byte) 0xD1, 0x4D, 0x51, 0x4B};
  static final byte[] KPL_MAGIC = {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2};

  private Records() {}

  /** The endpoint's configuration with fast polling and a file checkpoint store under {@code dir}. */
  static Map<String, String> config(KinesisEndpoint endpoint, Path dir) {
    Map<String, String> c = endpoint.providerConfig();
    c.put("mq.kinesis.checkpoint-dir", dir.toString());
    c.put("mq.kinesis.poll-interval", "200ms");
    c.put("mq.kinesis.checkpoint-interval", "50ms");
    return c;
  }

  /** Writes {@code data} to {@code stream} as another producer would, bypassing the provider. */
  static void putRaw(KinesisEndpoint endpoint, String stream, String key, byte[] data) {
    try (KinesisClient c = endpoint.syncClient()) {
      c.putRecord(PutRecordRequest.builder().streamName(stream).partitionKey(key)
          .data(SdkBytes.fromByteArray(data)).build());
    }
  }

  /** The next {@code n} messages, unsettled; fails after {@link #AWAIT}. */
  static List<Envelope> receive(MessageQueue q, int n) {
    List<Envelope> got = new ArrayList<>();
    long deadline = System.nanoTime() + AWAIT.toNanos();
    while (got.size() < n) {
      if (System.nanoTime() > deadline) {
        fail("expected " + n + " messages from " + q.name() + " within " + AWAIT + ", got " + got.size());
      }
      q.dequeue(Duration.ofMillis(200)).ifPresent(got::add);
    }
    return got;
  }

  /**
   * The next {@code n} messages, each acknowledged as it arrives (messages of one key come one at
   * a time); fails after {@link #AWAIT}.
   */
  static List<Envelope> receiveAndAck(MessageQueue q, int n) {
    List<Envelope> got = new ArrayList<>();
    long deadline = System.nanoTime() + AWAIT.toNanos();
    while (got.size() < n) {
      if (System.nanoTime() > deadline) {
        fail("expected " + n + " messages from " + q.name() + " within " + AWAIT + ", got " + got.size());
      }
      q.dequeue(Duration.ofMillis(200)).ifPresent(e -> {
        q.acknowledge(e);
        got.add(e);
      });
    }
    return got;
  }

  /** Fails if {@code q} delivers anything within {@link #QUIET}. */
  static void assertNothingMore(MessageQueue q) {
    long end = System.nanoTime() + QUIET.toNanos();
    while (System.nanoTime() < end) {
      q.dequeue(Duration.ofMillis(100)).ifPresent(e -> fail("unexpected message " + e));
    }
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A KPL aggregate around {@code protobuf}, with a correct MD5 (so that the lies inside are read). */
  static byte[] kpl(byte[] protobuf) {
    try {
      return concat(KPL_MAGIC, protobuf, MessageDigest.getInstance("MD5").digest(protobuf));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** A protobuf varint. */
  static byte[] varint(long v) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
    return out.toByteArray();
  }
}
