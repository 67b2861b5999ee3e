package dev.mq.benchmarks.internal.kinesis;

import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.kinesis.internal.KinesisBroker;
import dev.mq.spi.ProviderConfig;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * Producer throughput under the real per-shard write limits ({@link ShardLimiter} on the
 * provider's clients): {@value #CALLERS} threads push 64-byte messages for a
 * fixed time to a fresh stream of 1 and of 4 shards, so the 1,000 records/s per shard limit
 * binds. The rate is messages confirmed by {@code push} per second, over the time from the first
 * push until the last push returned; the baseline is the limit itself. Then every confirmed
 * message is read back with GetRecords: a confirmed message that is not in the stream is lost.
 */
public final class ShardLimitScenario {

  /** Threads pushing at once: enough to keep the producer's requests full (see the doc). */
  static final int CALLERS = 256;
  private static final double TARGET = 0.9;
  private static final Duration READ_BACK_BOUND = Duration.ofMinutes(2);

  private final Server server;
  private final Sizes sizes;
  private final Progress progress;

  /** A scenario against {@code server}. */
  public ShardLimitScenario(Server server, Sizes sizes, Progress progress) {
    this.server = server;
    this.sizes = sizes;
    this.progress = progress;
  }

  /** One figure per shard count (1 and 4). */
  public List<Figure> run() {
    return List.of(measure(1), measure(4));
  }

  private Figure measure(int shards) {
    String stream = server.createStream("bench-limits", shards);
    String sink = server.createStream("bench-limits-sink", 1);
    try (KinesisClient client = server.client()) {
      List<Shard> open = client.listShards(b -> b.streamName(stream)).shards();
      ShardLimiter limiter = new ShardLimiter(stream, open, sink);
      Set<String> confirmed = ConcurrentHashMap.newKeySet();
      AtomicLong failures = new AtomicLong();
      double seconds;
      try (KinesisBroker broker = KinesisBroker.connect(
              ProviderConfig.of("kinesis", server.providerConfig("bench-limits")),
              (ClientOverrideConfiguration.Builder b) -> b.addExecutionInterceptor(limiter));
           MessageQueue q = broker.queue(stream)) {
        long end = System.nanoTime() + sizes.limitDuration().toNanos();
        progress.say("shard limits " + server.label() + " " + shards + " shard(s): pushing for "
            + sizes.limitDuration().toSeconds() + " s");
        long start = System.nanoTime();
        AtomicLong ids = new AtomicLong();
        Workers.run("limits", CALLERS, w -> {
          while (System.nanoTime() < end) {
            Envelope e = Envelope.builder().body(new byte[64])
                .messageId("lim-" + shards + "-" + ids.incrementAndGet()).build();
            try {
              q.push(e);
              confirmed.add(e.messageId());
            } catch (RuntimeException failed) {
              failures.incrementAndGet();
            }
          }
        });
        seconds = (System.nanoTime() - start) / 1e9;
      }
      double rate = confirmed.size() / seconds;
      double limit = (double) ShardLimiter.RECORDS_PER_SECOND * shards;
      progress.say("shard limits " + server.label() + " " + shards + " shard(s): "
          + Figure.format(rate) + " msg/s of " + Figure.format(limit) + "; reading back "
          + confirmed.size());
      Set<String> found = ConcurrentHashMap.newKeySet();
      SdkLoops.readAll(client, stream, confirmed.size(), READ_BACK_BOUND,
          m -> found.add(m.messageId()));
      long lost = confirmed.stream().filter(id -> !found.contains(id)).count();
      String note = String.format(Locale.ROOT,
          "%d confirmed in %.1f s, lost %d, failed pushes %d, entries throttled %d",
          confirmed.size(), seconds, lost, failures.get(), limiter.throttled());
      progress.say("shard limits " + server.label() + " " + shards + " shard(s): " + note);
      if (lost > 0) {
        note = "LOST MESSAGES: " + note;
      }
      return new Figure("shard-limits", server.label(),
          "push, " + shards + " shard" + (shards > 1 ? "s" : "") + ", limit enforced",
          lost > 0 ? 0 : rate, "the limit: 1,000 records/s per shard", limit, "msg/s", TARGET, true,
          note);
    } finally {
      server.deleteStream(stream);
      server.deleteStream(sink);
    }
  }
}
