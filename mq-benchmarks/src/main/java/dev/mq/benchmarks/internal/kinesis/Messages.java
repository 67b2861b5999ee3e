package dev.mq.benchmarks.internal.kinesis;

import dev.mq.Envelope;
import dev.mq.benchmarks.internal.MessageFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark messages as in the in-memory benchmarks: a {@value MessageFactory#BODY_SIZE}-byte
 * body, a message id from a counter, no partition key (so the Kinesis partition key is the
 * message id and records spread over all shards).
 */
public final class Messages {

  private static final AtomicLong BATCHES = new AtomicLong();

  private Messages() {}

  /** {@code n} fresh messages, with ids unique in this JVM run. */
  public static List<Envelope> fresh(int n) {
    MessageFactory f = new MessageFactory("m" + System.currentTimeMillis() % 100_000 + "-"
        + BATCHES.incrementAndGet() + "-", 0);
    List<Envelope> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(f.next());
    }
    return out;
  }
}
