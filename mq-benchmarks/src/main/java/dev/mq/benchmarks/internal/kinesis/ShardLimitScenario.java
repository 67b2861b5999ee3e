package dev.mq.benchmarks.internal.kinesis;

import dev.mq.BatchPushException;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.kinesis.internal.KinesisBroker;
import dev.mq.spi.ProviderConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
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
 * provider's clients): {@value #CALLERS_PER_SHARD} threads per shard call {@code pushAll} with
 * lists of {@value #LIST} 64-byte messages for a fixed time, on a fresh stream of 1 and of 4
 * shards, so that about 0.4 s of the limit is always waiting and the 1,000 records/s per shard
 * limit binds. The sustained rate is the messages confirmed between the end of the first second
 * (the buckets start empty) and the end of the pushing time, per second; the baseline is the
 * limit itself. Then every confirmed message is read back with GetRecords: a confirmed message
 * that is not in the stream is lost.
 * A control run pushes the same way to a 4-shard stream without the limiter: it shows what the
 * machine and emulator sustain at all, so a shortfall can be told apart from the limit handling.
 */
public final class ShardLimitScenario {

  /** Threads calling {@code pushAll} per shard of the stream. */
  static final int CALLERS_PER_SHARD = 4;
  /** Messages per {@code pushAll} list. */
  static final int LIST = 100;
  /** Confirmations in the first second are not counted: the buckets start empty. */
  private static final Duration RAMP = Duration.ofSeconds(1);
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

  /** One figure per shard count (1 and 4), and the unlimited control on 4 shards. */
  public List<Figure> run() {
    return List.of(measure(1, true), measure(4, true), measure(4, false));
  }

  private Figure measure(int shards, boolean limited) {
    String stream = server.createStream("bench-limits", shards);
    String sink = server.createStream("bench-limits-sink", 1);
    try (KinesisClient client = server.client()) {
      List<Shard> open = client.listShards(b -> b.streamName(stream)).shards();
      ShardLimiter limiter = new ShardLimiter(stream, open, sink);
      String what = shards + " shard(s)" + (limited ? "" : ", no limiter (control)");
      Set<String> confirmed = ConcurrentHashMap.newKeySet();
      AtomicLong failures = new AtomicLong();
      AtomicLong inWindow = new AtomicLong();
      double seconds;
      try (KinesisBroker broker = KinesisBroker.connect(
              ProviderConfig.of("kinesis", server.providerConfig("bench-limits")),
              (ClientOverrideConfiguration.Builder b) -> {
                if (limited) {
                  b.addExecutionInterceptor(limiter);
                }
              });
           MessageQueue q = broker.queue(stream)) {
        long start = System.nanoTime();
        long windowStart = start + RAMP.toNanos();
        long end = start + sizes.limitDuration().toNanos();
        progress.say("shard limits " + server.label() + " " + what + ": pushing for "
            + sizes.limitDuration().toSeconds() + " s");
        AtomicLong ids = new AtomicLong();
        Workers.run("limits", CALLERS_PER_SHARD * shards, w -> {
          while (System.nanoTime() < end) {
            List<Envelope> list = new ArrayList<>(LIST);
            for (int i = 0; i < LIST; i++) {
              list.add(Envelope.builder().body(new byte[64])
                  .messageId("lim-" + shards + "-" + ids.incrementAndGet()).build());
            }
            Set<String> failed = new HashSet<>();
            try {
              q.pushAll(list);
            } catch (BatchPushException e) {
              e.failures().forEach(f -> failed.add(f.envelope().messageId()));
              failures.addAndGet(failed.size());
            }
            long now = System.nanoTime();
            for (Envelope e : list) {
              if (!failed.contains(e.messageId())) {
                confirmed.add(e.messageId());
                if (now - windowStart >= 0 && now - end <= 0) {
                  inWindow.incrementAndGet();
                }
              }
            }
          }
        });
        seconds = (System.nanoTime() - start) / 1e9;
      }
      double rate = inWindow.get() / ((sizes.limitDuration().toNanos() - RAMP.toNanos()) / 1e9);
      double limit = (double) ShardLimiter.RECORDS_PER_SECOND * shards;
      progress.say("shard limits " + server.label() + " " + what + ": "
          + Figure.format(rate) + " msg/s of " + Figure.format(limit) + "; reading back "
          + confirmed.size());
      Set<String> found = ConcurrentHashMap.newKeySet();
      SdkLoops.readAll(client, stream, confirmed.size(), READ_BACK_BOUND,
          m -> found.add(m.messageId()));
      long lost = confirmed.stream().filter(id -> !found.contains(id)).count();
      String note = String.format(Locale.ROOT,
          "%d confirmed in %.1f s (%d after the first second and before the end), lost %d, "
              + "messages not written %d, entries throttled %d",
          confirmed.size(), seconds, inWindow.get(), lost, failures.get(), limiter.throttled());
      progress.say("shard limits " + server.label() + " " + what + ": " + note);
      if (lost > 0) {
        note = "LOST MESSAGES: " + note;
      }
      String name = "pushAll (" + CALLERS_PER_SHARD * shards + " callers), " + shards + " shard" + (shards > 1 ? "s" : "")
          + (limited ? ", limit enforced" : ", NO limit (control)");
      return new Figure("shard-limits", server.label(), name, lost > 0 ? 0 : rate,
          "the limit: 1,000 records/s per shard", limit, "msg/s", limited ? TARGET : Double.NaN,
          true, note);
    } finally {
      server.deleteStream(stream);
      server.deleteStream(sink);
    }
  }
}
