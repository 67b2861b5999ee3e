package dev.mq.benchmarks.internal.kinesis;

import dev.mq.Broker;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.MessageQueues;
import dev.mq.Subscription;
import dev.mq.SubscriptionOptions;
import dev.mq.benchmarks.internal.MessageFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Consumer throughput: one stream of {@value #SHARDS} shards is pre-filled once (untimed), then
 * each variant drains all of it from TRIM_HORIZON in every round: {@code dequeue} +
 * {@code acknowledge} on one thread, {@code subscribe} with concurrency {@value #CONCURRENCY},
 * and the hand-written GetRecords loop (one thread per shard). The provider variants use a fresh
 * consumer group per round (memory checkpoints), so each reads the whole stream. Throughput is
 * messages per second from opening the queue (or listing the shards) until the last message was
 * handled; connecting and closing the broker are not timed.
 */
public final class ConsumerScenario {

  static final int SHARDS = 2;
  /** Concurrency of the subscription. */
  public static final int CONCURRENCY = 4;
  private static final double TARGET = 0.8;
  /**
   * Smaller reads for a second subscribe, to show what they cost: the provider waits 200 ms
   * between GetRecords calls on a shard (5 calls/s, the real per-shard limit), so records per
   * call bound its rate (1000 per call was the default until the benchmarks showed that).
   */
  static final Map<String, String> SMALL_READS = Map.of("mq.kinesis.max-records-per-call", "1000",
      "mq.kinesis.read-ahead-records", "1000");
  private static final Duration DRAIN_BOUND = Duration.ofMinutes(3);

  private final Server server;
  private final Sizes sizes;
  private final Progress progress;

  /** A scenario against {@code server}. */
  public ConsumerScenario(Server server, Sizes sizes, Progress progress) {
    this.server = server;
    this.sizes = sizes;
    this.progress = progress;
  }

  /** Fills the stream, runs a warm-up round and the measured rounds; returns two figures. */
  public List<Figure> run() {
    int backlog = sizes.consumerBacklog(server.kind());
    String stream = server.createStream("bench-consumer", SHARDS);
    Map<String, List<Double>> rates = new LinkedHashMap<>();
    try (KinesisClient client = server.client()) {
      progress.say("consumer " + server.label() + ": filling " + backlog + " messages");
      SdkLoops.putBatches(client, stream, Messages.fresh(backlog), ProducerScenario.LOOP_THREADS);
      for (int round = 0; round <= sizes.rounds(); round++) {
        boolean warmUp = round == 0;
        String label = warmUp ? "warm-up" : "round " + round + "/" + sizes.rounds();
        String group = "g" + round + "-" + System.nanoTime();
        measure("dequeue+ack", rates, warmUp, label, backlog,
            () -> dequeueAll(stream, group + "-d", backlog));
        measure("subscribe", rates, warmUp, label, backlog,
            () -> subscribeAll(stream, group + "-s", backlog, Map.of()));
        measure("subscribe-small-reads", rates, warmUp, label, backlog,
            () -> subscribeAll(stream, group + "-t", backlog, SMALL_READS));
        measure("sdk-getrecords", rates, warmUp, label, backlog, () -> {
          long start = System.nanoTime();
          long n = SdkLoops.readAll(client, stream, backlog, DRAIN_BOUND, SdkLoops::check);
          double seconds = (System.nanoTime() - start) / 1e9;
          expectAll(n, backlog, "the GetRecords loop");
          return seconds;
        });
      }
    } finally {
      server.deleteStream(stream);
    }
    Stats dequeue = Stats.of(rates.get("dequeue+ack"));
    Stats subscribe = Stats.of(rates.get("subscribe"));
    Stats small = Stats.of(rates.get("subscribe-small-reads"));
    Stats loop = Stats.of(rates.get("sdk-getrecords"));
    String loopName = "SDK GetRecords loop, 1 thread/shard";
    String detail = " [" + backlog + " msgs, " + SHARDS + " shards, baseline " + loop.describe() + "]";
    return List.of(
        new Figure("consumer", server.label(), "dequeue+acknowledge (1 thread)", dequeue.median(),
            loopName, loop.median(), "msg/s", TARGET, true, dequeue.describe() + detail),
        new Figure("consumer", server.label(), "subscribe (concurrency " + CONCURRENCY + ")",
            subscribe.median(), loopName, loop.median(), "msg/s", TARGET, true,
            subscribe.describe() + detail),
        new Figure("consumer", server.label(), "subscribe (concurrency " + CONCURRENCY
            + "), max-records-per-call and read-ahead-records 1000", small.median(), loopName,
            loop.median(), "msg/s", Double.NaN, true, small.describe() + detail));
  }

  private void measure(String variant, Map<String, List<Double>> rates, boolean warmUp,
      String label, int count, DoubleSupplier drain) {
    double seconds = drain.getAsDouble();
    double rate = count / seconds;
    if (!warmUp) {
      rates.computeIfAbsent(variant, k -> new ArrayList<>()).add(rate);
    }
    progress.say("consumer " + server.label() + " " + label + " " + variant + ": "
        + Figure.format(rate) + " msg/s (" + count + " in " + Figure.format(seconds) + " s)");
  }

  private double dequeueAll(String stream, String group, int expected) {
    try (Broker broker = MessageQueues.connect(server.providerConfig(group))) {
      long start = System.nanoTime();
      double seconds;
      try (MessageQueue q = broker.queue(stream)) {
        long deadline = System.nanoTime() + DRAIN_BOUND.toNanos();
        int got = 0;
        while (got < expected && System.nanoTime() < deadline) {
          Optional<Envelope> e = q.dequeue(Duration.ofMillis(500));
          if (e.isPresent()) {
            MessageFactory.check(e.get());
            q.acknowledge(e.get());
            got++;
          }
        }
        seconds = (System.nanoTime() - start) / 1e9;
        expectAll(got, expected, "dequeue");
      }
      return seconds;
    }
  }

  private double subscribeAll(String stream, String group, int expected,
      Map<String, String> settings) {
    AtomicLong handled = new AtomicLong();
    AtomicLong doneAt = new AtomicLong();
    CountDownLatch done = new CountDownLatch(1);
    long start;
    Map<String, String> config = server.providerConfig(group);
    config.putAll(settings);
    try (Broker broker = MessageQueues.connect(config)) {
      start = System.nanoTime();
      try (MessageQueue q = broker.queue(stream);
           Subscription s = q.subscribe(e -> {
             MessageFactory.check(e);
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
