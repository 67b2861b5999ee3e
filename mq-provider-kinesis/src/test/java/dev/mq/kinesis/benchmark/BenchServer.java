package dev.mq.kinesis.benchmark;

import dev.mq.Envelope;
import dev.mq.kinesis.testing.KinesisEndpoint;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The emulator a comparison runs against, with what every comparison needs from it: its name,
 * fresh streams, the provider's configuration, and the benchmark messages.
 *
 * @param label the emulator's name in the tables
 * @param endpoint where it listens
 */
record BenchServer(String label, KinesisEndpoint endpoint) {

  /** Body size of every benchmark message, as in the in-memory JMH benchmarks. */
  static final int BODY_SIZE = 64;
  private static final byte[] BODY = "b".repeat(BODY_SIZE).getBytes(StandardCharsets.US_ASCII);
  private static final AtomicLong IDS = new AtomicLong();

  /**
   * The provider configuration: the endpoint's, memory checkpoints, {@code consumerGroup},
   * polling every 200 ms (the smallest interval the provider allows) when a shard is caught up.
   * Everything else keeps its default. A mutable copy.
   */
  Map<String, String> providerConfig(String consumerGroup) {
    Map<String, String> c = endpoint.providerConfig();
    c.put("mq.kinesis.checkpoint-store", "memory");
    c.put("mq.kinesis.consumer-group", consumerGroup + "-" + System.nanoTime());
    c.put("mq.kinesis.poll-interval", "200ms");
    return c;
  }

  /** A fresh ACTIVE stream. */
  String createStream(String prefix, int shards) {
    return endpoint.createStream(prefix, shards);
  }

  /** Deletes a stream so that the emulator does not keep its records for the rest of the run. */
  void deleteStream(String stream) {
    endpoint.deleteStream(stream);
  }

  /**
   * {@code n} benchmark messages: a {@value #BODY_SIZE}-byte body, a message id from a counter,
   * no partition key (so the Kinesis partition key is the message id and records spread over all
   * shards).
   */
  static List<Envelope> messages(int n) {
    List<Envelope> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(Envelope.builder().body(BODY).messageId("m-" + IDS.incrementAndGet()).build());
    }
    return out;
  }

  /** Reads a body as a handler would: checks its size. */
  static void check(byte[] body) {
    if (body.length != BODY_SIZE) {
      throw new IllegalStateException("expected a " + BODY_SIZE + "-byte body, got " + body.length);
    }
  }
}
