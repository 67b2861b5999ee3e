package dev.mq.benchmarks.internal.kinesis;

import dev.mq.Broker;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.MessageQueues;
import dev.mq.Subscription;
import dev.mq.SubscriptionOptions;
import dev.mq.kinesis.internal.codec.DecodedMessage;
import dev.mq.kinesis.internal.codec.RecordCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StartingPosition;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponseHandler;

/**
 * Push-to-handler latency at a steady rate on a fresh one-shard stream: a message is planned
 * every {@code 1/rate} seconds and stamped with its planned send time (so a stalled send counts
 * against the sender, not hidden: no coordinated omission); the receiver records
 * {@code now - planned} when its handler sees it. The first second is warm-up and not counted.
 * Ours: {@code push} and a {@code subscribe} handler (polling every 200 ms when caught up, or
 * enhanced fan-out, {@code mq.kinesis.retrieval=fan-out}). Baselines: an
 * SDK PutRecord with a GetRecords loop that also waits 200 ms when it is caught up (for polling),
 * and an SDK PutRecord with a hand-written SubscribeToShard subscriber over HTTP/2 that asks for
 * every event at once (for fan-out).
 */
public final class LatencyScenario {

  /** The message property holding the planned send time ({@link System#nanoTime()}). */
  static final String SENT = "bench-sent-nanos";
  /** The baseline's wait when a GetRecords call returned nothing, as the provider's poll interval. */
  static final Duration POLL = Duration.ofMillis(200);
  private static final Duration ARRIVAL_BOUND = Duration.ofSeconds(30);
  /** Sending threads. */
  static final int SENDERS = 8;
  /** The provider key that selects enhanced fan-out. */
  public static final String RETRIEVAL_KEY = "mq.kinesis.retrieval";

  private final Server server;
  private final Sizes sizes;
  private final Progress progress;

  /** A scenario against {@code server}. */
  public LatencyScenario(Server server, Sizes sizes, Progress progress) {
    this.server = server;
    this.sizes = sizes;
    this.progress = progress;
  }

  /**
   * Measures polling (and fan-out when {@code fanOut}) against their baselines; three figures
   * (p50, p99, max) per mode.
   */
  public List<Figure> run(boolean fanOut) {
    double[] baseline = measureBaseline();
    List<Figure> out = new ArrayList<>(figures("polling 200ms", measureOurs(false),
        "SDK PutRecord + GetRecords loop (200ms)", baseline));
    if (fanOut) {
      double[] fanOutBaseline = measureFanOutBaseline();
      out.addAll(figures("fan-out", measureOurs(true), "SDK PutRecord + SubscribeToShard",
          fanOutBaseline));
    }
    return out;
  }

  private List<Figure> figures(String mode, double[] ours, String base, double[] baseline) {
    double[] o = Stats.sorted(ours);
    double[] b = Stats.sorted(baseline);
    String note = ours.length + " msgs at " + sizes.latencyRate() + "/s; baseline " + b.length;
    List<Figure> out = new ArrayList<>();
    out.add(new Figure("latency", server.label(), "push->handler p50, " + mode,
        Stats.percentile(o, 50), base, Stats.percentile(b, 50), "ms", Double.NaN, false, note));
    out.add(new Figure("latency", server.label(), "push->handler p99, " + mode,
        Stats.percentile(o, 99), base, Stats.percentile(b, 99), "ms", Double.NaN, false, note));
    out.add(new Figure("latency", server.label(), "push->handler max, " + mode,
        o.length == 0 ? Double.NaN : o[o.length - 1], base,
        b.length == 0 ? Double.NaN : b[b.length - 1], "ms", Double.NaN, false, note));
    return out;
  }

  private double[] measureOurs(boolean fanOut) {
    String mode = fanOut ? "fan-out" : "polling";
    String stream = server.createStream("bench-latency", 1);
    Map<String, String> config = server.providerConfig("bench-latency-" + System.nanoTime());
    if (fanOut) {
      config.put(RETRIEVAL_KEY, "fan-out");
    }
    ConcurrentLinkedQueue<Sample> latencies = new ConcurrentLinkedQueue<>();
    try (Broker broker = MessageQueues.connect(config);
         MessageQueue q = broker.queue(stream);
         Subscription s = q.subscribe(e -> record(e.property(SENT), latencies),
             SubscriptionOptions.builder().concurrency(1).build())) {
      int sent = send(mode, n -> q.push(stamped(n)));
      awaitArrivals(latencies, sent, mode);
    } finally {
      server.deleteStream(stream);
    }
    return countable(latencies);
  }

  private double[] measureBaseline() {
    String stream = server.createStream("bench-latency-sdk", 1);
    try (KinesisClient client = server.client()) {
      String shard = client.listShards(b -> b.streamName(stream)).shards().get(0).shardId();
      return measureSdk("sdk", client, stream, (stop, each) -> pollLoop(client, stream, shard, stop, each));
    } finally {
      server.deleteStream(stream);
    }
  }

  /** A hand-written reader: hands every decoded message to its consumer until stopped. */
  private interface SdkReader {
    void read(AtomicBoolean stop, Consumer<DecodedMessage> each);
  }

  /**
   * Runs {@code reader} on its own thread while SDK PutRecord calls send the planned messages;
   * returns the countable latencies once every message arrived.
   */
  private double[] measureSdk(String mode, KinesisClient client, String stream, SdkReader reader) {
    ConcurrentLinkedQueue<Sample> latencies = new ConcurrentLinkedQueue<>();
    AtomicBoolean stop = new AtomicBoolean();
    Thread thread = new Thread(() -> reader.read(stop,
        m -> record(Optional.ofNullable(m.properties().get(SENT)), latencies)), "latency-" + mode);
    thread.setDaemon(true);
    thread.start();
    try {
      int sent = send(mode, n -> {
        PutRecordsRequestEntry entry = SdkLoops.entry(stamped(n));
        client.putRecord(r -> r.streamName(stream).partitionKey(entry.partitionKey())
            .data(entry.data()));
      });
      awaitArrivals(latencies, sent, mode);
    } finally {
      stop.set(true);
      join(thread);
    }
    return countable(latencies);
  }

  /**
   * The fan-out baseline: registers a stream consumer, subscribes to the one shard from
   * TRIM_HORIZON with the SDK's own subscriber (which asks for every event at once) and subscribes
   * again from the last continuation whenever a subscription ends, until the messages arrived.
   */
  private double[] measureFanOutBaseline() {
    String stream = server.createStream("bench-latency-efo-sdk", 1);
    try (KinesisClient client = server.client();
         KinesisAsyncClient async = server.endpoint().asyncClientBuilder(Protocol.HTTP2).build()) {
      String arn = client.describeStreamSummary(b -> b.streamName(stream))
          .streamDescriptionSummary().streamARN();
      String consumerArn = client.registerStreamConsumer(b -> b.streamARN(arn)
          .consumerName("bench-sdk-" + System.nanoTime())).consumer().consumerARN();
      try {
        awaitActive(client, consumerArn);
        String shard = client.listShards(b -> b.streamName(stream)).shards().get(0).shardId();
        return measureSdk("sdk fan-out", client, stream,
            (stop, each) -> subscribeLoop(async, consumerArn, shard, stop, each));
      } finally {
        client.deregisterStreamConsumer(b -> b.consumerARN(consumerArn));
      }
    } finally {
      server.deleteStream(stream);
    }
  }

  private static void awaitActive(KinesisClient client, String consumerArn) {
    long deadline = System.nanoTime() + ARRIVAL_BOUND.toNanos();
    while (client.describeStreamConsumer(b -> b.consumerARN(consumerArn)).consumerDescription()
        .consumerStatus() != ConsumerStatus.ACTIVE) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("stream consumer " + consumerArn + " did not become ACTIVE");
      }
      SdkLoops.sleep(Duration.ofMillis(100));
    }
  }

  private static void subscribeLoop(KinesisAsyncClient async, String consumerArn, String shard,
      AtomicBoolean stop, Consumer<DecodedMessage> each) {
    AtomicReference<String> continuation = new AtomicReference<>();
    while (!stop.get()) {
      String after = continuation.get();
      StartingPosition from = after == null
          ? StartingPosition.builder().type(ShardIteratorType.TRIM_HORIZON).build()
          : StartingPosition.builder().type(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
              .sequenceNumber(after).build();
      SubscribeToShardResponseHandler handler = SubscribeToShardResponseHandler.builder()
          .subscriber(SubscribeToShardResponseHandler.Visitor.builder().onSubscribeToShardEvent(e -> {
            for (Record rec : e.records()) {
              RecordCodec.decode(rec.data().asByteArrayUnsafe()).ifPresent(each);
            }
            if (e.continuationSequenceNumber() != null) {
              continuation.set(e.continuationSequenceNumber());
            }
          }).build())
          .build();
      CompletableFuture<Void> call = async.subscribeToShard(b -> b.consumerARN(consumerArn)
          .shardId(shard).startingPosition(from), handler);
      while (!stop.get() && !call.isDone()) {
        SdkLoops.sleep(Duration.ofMillis(20));
      }
      call.cancel(true);
      if (call.isCompletedExceptionally() && !stop.get()) {
        SdkLoops.sleep(Duration.ofMillis(200)); // e.g. ResourceInUse right after a renewal
      }
    }
  }

  private static void pollLoop(KinesisClient client, String stream, String shard, AtomicBoolean stop,
      Consumer<DecodedMessage> each) {
    String iterator = client.getShardIterator(b -> b.streamName(stream).shardId(shard)
        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
    while (!stop.get() && iterator != null) {
      String it = iterator;
      GetRecordsResponse r = client.getRecords(b -> b.shardIterator(it).limit(SdkLoops.GET_LIMIT));
      for (Record rec : r.records()) {
        RecordCodec.decode(rec.data().asByteArrayUnsafe()).ifPresent(each);
      }
      iterator = r.nextShardIterator();
      if (r.records().isEmpty()) {
        SdkLoops.sleep(POLL);
      }
    }
  }

  /** A sender: writes message number {@code n} (already stamped) and returns when written. */
  private interface Sender {
    void send(int n) throws Exception;
  }

  private final AtomicLong sequence = new AtomicLong();
  /** Planned send times of the current measurement; written before its sender runs. */
  private volatile long[] planned = new long[0];

  private Envelope stamped(int n) {
    return Envelope.builder().body(new byte[64]).messageId("lat-" + sequence.incrementAndGet())
        .property(SENT, Long.toString(planned[n])).build();
  }

  /**
   * Sends at the steady rate for the configured duration; returns how many were sent. Message
   * {@code i} is planned at {@code start + i / rate}; {@value #SENDERS} threads take the next
   * planned message, wait for its time and send it, so that one slow call does not hold back the
   * rest of the schedule (a call that is late still counts from its planned time).
   */
  private int send(String mode, Sender sender) {
    int rate = sizes.latencyRate();
    int count = (int) (rate * sizes.latencyDuration().toMillis() / 1000);
    long period = 1_000_000_000L / rate;
    long start = System.nanoTime() + 50_000_000L;
    long[] plan = new long[count];
    for (int i = 0; i < count; i++) {
      plan[i] = start + i * period;
    }
    planned = plan;
    progress.say("latency " + server.label() + " " + mode + ": sending " + count + " messages at "
        + rate + "/s");
    AtomicInteger next = new AtomicInteger();
    Workers.run("latency-send", SENDERS, w -> {
      for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
        long wait = plan[i] - System.nanoTime();
        if (wait > 0) {
          SdkLoops.sleep(Duration.ofNanos(wait));
        }
        sender.send(i);
      }
    });
    return count;
  }

  /** One received message: when it was planned to be sent, and how long it took. */
  private record Sample(long plannedNanos, double millis) {}

  private static void record(Optional<String> sent, ConcurrentLinkedQueue<Sample> latencies) {
    long now = System.nanoTime();
    sent.ifPresent(s -> {
      long planned = Long.parseLong(s);
      latencies.add(new Sample(planned, (now - planned) / 1e6));
    });
  }

  private void awaitArrivals(ConcurrentLinkedQueue<Sample> latencies, int sent, String mode) {
    long deadline = System.nanoTime() + ARRIVAL_BOUND.toNanos();
    // size() walks the queue; fine for a few thousand entries every 20 ms
    while (latencies.size() < sent && System.nanoTime() < deadline) {
      SdkLoops.sleep(Duration.ofMillis(20));
    }
    if (latencies.size() < sent) {
      throw new IllegalStateException("latency " + mode + ": only " + latencies.size() + " of " + sent
          + " messages arrived within " + ARRIVAL_BOUND);
    }
  }

  /** The latencies of messages planned after the first second. */
  private double[] countable(ConcurrentLinkedQueue<Sample> latencies) {
    long warmUpEnd = planned.length == 0 ? Long.MIN_VALUE : planned[0] + 1_000_000_000L;
    return latencies.stream().filter(x -> x.plannedNanos() >= warmUpEnd)
        .mapToDouble(Sample::millis).toArray();
  }

  private static void join(Thread t) {
    try {
      t.join(ARRIVAL_BOUND.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
