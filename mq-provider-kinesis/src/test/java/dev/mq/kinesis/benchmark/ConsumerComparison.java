package dev.mq.kinesis.benchmark;

import dev.mq.Broker;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.MessageQueues;
import dev.mq.Subscription;
import dev.mq.SubscriptionOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Consumer throughput: a 2-shard stream is filled once (untimed), then each variant reads all of
 * it from TRIM_HORIZON in every round: {@code dequeue} + {@code acknowledge} on one thread,
 * {@code subscribe} with concurrency 4 (with the defaults, and with 1,000 records per call and
 * read-ahead, to show what small reads cost), and the GetRecords loop with one thread per shard.
 * Each provider variant reads with a fresh consumer group (memory checkpoints). Throughput counts
 * from opening the queue (or listing the shards) until the last message was handled.
 */
record ConsumerComparison(BenchServer server, Sizes sizes, Consumer<String> progress) {

  private static final int SHARDS = 2;
  private static final int CONCURRENCY = 4;
  private static final Duration DRAIN_BOUND = Duration.ofMinutes(3);
  private static final Map<String, String> SMALL_READS = Map.of(
      "mq.kinesis.max-records-per-call", "1000", "mq.kinesis.read-ahead-records", "1000");

  /** Fills the stream, runs the rounds; returns three figures. */
  List<Figure> run() {
    int backlog = sizes.consumerBacklog();
    String loop = "SDK GetRecords loop, 1 thread/shard";
    Map<String, Supplier<Double>> variants = new LinkedHashMap<>();
    String stream = server.createStream("bench-consumer", SHARDS);
    Map<String, List<Double>> rates = new LinkedHashMap<>();
    try (KinesisClient client = server.endpoint().syncClient()) {
      variants.put("dequeue+acknowledge (1 thread)", () -> dequeueAll(stream, backlog));
      variants.put("subscribe (concurrency " + CONCURRENCY + ")",
          () -> subscribeAll(stream, backlog, Map.of()));
      variants.put("subscribe (concurrency " + CONCURRENCY
          + "), max-records-per-call and read-ahead-records 1000",
          () -> subscribeAll(stream, backlog, SMALL_READS));
      variants.put(loop, () -> {
        long start = System.nanoTime();
        expectAll(SdkBaselines.readCount(client, stream, backlog, DRAIN_BOUND), backlog, loop);
        return (System.nanoTime() - start) / 1e9;
      });
      SdkBaselines.putBatches(client, stream, BenchServer.messages(backlog), 4);
      for (int round = sizes.warmUp() ? 0 : 1; round <= sizes.rounds(); round++) {
        for (Map.Entry<String, Supplier<Double>> v : variants.entrySet()) {
          double rate = backlog / v.getValue().get();
          if (round > 0) {
            rates.computeIfAbsent(v.getKey(), k -> new ArrayList<>()).add(rate);
          }
          progress.accept("consumer " + server.label() + (round > 0 ? "" : " warm-up") + " "
              + v.getKey() + ": " + Figure.format(rate) + " msg/s");
        }
      }
    } finally {
      server.deleteStream(stream);
    }
    Stats base = Stats.of(rates.get(loop));
    List<Figure> figures = new ArrayList<>();
    int i = 0;
    for (String variant : variants.keySet()) {
      if (!variant.equals(loop)) {
        Stats s = Stats.of(rates.get(variant));
        figures.add(new Figure("consumer", server.label(), variant, s.median(), loop, base.median(),
            "msg/s", i++ < 2 ? 0.8 : Double.NaN, s.describe() + " [" + backlog + " msgs, " + SHARDS
            + " shards, baseline " + base.describe() + "]"));
      }
    }
    return figures;
  }

  private double dequeueAll(String stream, int expected) {
    try (Broker broker = MessageQueues.connect(server.providerConfig("bench-dequeue"))) {
      long start = System.nanoTime();
      int got = 0;
      try (MessageQueue q = broker.queue(stream)) {
        long deadline = start + DRAIN_BOUND.toNanos();
        while (got < expected && System.nanoTime() < deadline) {
          Optional<Envelope> e = q.dequeue(Duration.ofMillis(500));
          if (e.isPresent()) {
            BenchServer.check(e.get().body());
            q.acknowledge(e.get());
            got++;
          }
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      expectAll(got, expected, "dequeue");
      return seconds;
    }
  }

  private double subscribeAll(String stream, int expected, Map<String, String> settings) {
    AtomicLong handled = new AtomicLong();
    AtomicLong doneAt = new AtomicLong();
    CountDownLatch done = new CountDownLatch(1);
    Map<String, String> config = server.providerConfig("bench-subscribe");
    config.putAll(settings);
    long start;
    try (Broker broker = MessageQueues.connect(config)) {
      start = System.nanoTime();
      try (MessageQueue q = broker.queue(stream);
           Subscription s = q.subscribe(e -> {
             BenchServer.check(e.body());
             if (handled.incrementAndGet() == expected) {
               doneAt.set(System.nanoTime());
               done.countDown();
             }
           }, SubscriptionOptions.builder().concurrency(CONCURRENCY).build())) {
        done.await(DRAIN_BOUND.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    expectAll(handled.get(), expected, "subscribe");
    return (doneAt.get() - start) / 1e9;
  }

  private static void expectAll(long got, long expected, String who) {
    if (got < expected) {
      throw new IllegalStateException(who + " read " + got + " of " + expected + " messages within "
          + DRAIN_BOUND);
    }
  }
}
