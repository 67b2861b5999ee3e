package dev.mq.kinesis.benchmark;

import dev.mq.Broker;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.MessageQueues;
import dev.mq.Subscription;
import dev.mq.SubscriptionOptions;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;

/**
 * Push-to-handler latency at a steady rate on a fresh 1-shard stream. Message {@code i} is
 * planned at {@code start + i / rate} and carries that time in the first 8 bytes of its body; 8
 * sending threads keep the schedule, and a late send still counts from its planned time (no
 * coordinated omission). The receiver records {@code now - planned}; the first second is not
 * counted. Ours: {@code push} and a {@code subscribe} handler, polling or with
 * {@code mq.kinesis.retrieval=fan-out}. Baselines: SDK PutRecord with a GetRecords loop that
 * waits 200 ms when caught up, or with a hand-written SubscribeToShard subscriber.
 */
record LatencyComparison(BenchServer server, Sizes sizes, Consumer<String> progress) {

  private static final int SENDERS = 8;
  private static final Duration ARRIVAL_BOUND = Duration.ofSeconds(30);

  /** A receiver: hands each body to {@code each} until {@code stop} is set. */
  private interface Receiver {
    void receive(AtomicBoolean stop, Consumer<byte[]> each) throws Exception;
  }

  /** One received message: its planned send time ({@link System#nanoTime()}) and latency. */
  private record Sample(long planned, double millis) {}

  private static final AtomicInteger IDS = new AtomicInteger();

  /** Polling, and fan-out when {@code fanOut}: p50, p99 and max of each against its baseline. */
  List<Figure> run(boolean fanOut) {
    List<Figure> figures = new ArrayList<>(figures("polling 200ms", ours(false),
        "SDK PutRecord + GetRecords loop (200ms)", sdk(false)));
    if (fanOut) {
      figures.addAll(figures("fan-out", ours(true), "SDK PutRecord + SubscribeToShard", sdk(true)));
    }
    return figures;
  }

  private List<Figure> figures(String mode, double[] ours, String baselineName, double[] baseline) {
    String note = ours.length + " msgs at " + sizes.latencyRate() + "/s; baseline " + baseline.length;
    List<Figure> out = new ArrayList<>();
    for (double p : new double[] {50, 99, 100}) {
      out.add(new Figure("latency", server.label(), "push->handler " + (p == 100 ? "max" : "p" + (int) p)
          + ", " + mode, Stats.percentile(ours, p), baselineName, Stats.percentile(baseline, p),
          "ms", Double.NaN, note));
    }
    return out;
  }

  private double[] ours(boolean fanOut) {
    String stream = server.createStream("bench-latency", 1);
    Map<String, String> config = server.providerConfig("bench-latency");
    if (fanOut) {
      config.put("mq.kinesis.retrieval", "fan-out");
    }
    try (Broker broker = MessageQueues.connect(config); MessageQueue q = broker.queue(stream)) {
      return measure("ours " + (fanOut ? "fan-out" : "polling"), (stop, each) -> {
        try (Subscription s = q.subscribe(e -> each.accept(e.body()),
            SubscriptionOptions.builder().concurrency(1).build())) {
          while (!stop.get()) {
            Workers.sleep(Duration.ofMillis(20));
          }
        }
      }, (i, body) -> q.push(Envelope.builder().body(body).messageId(id()).build()));
    } finally {
      server.deleteStream(stream);
    }
  }

  private double[] sdk(boolean fanOut) {
    String stream = server.createStream("bench-latency-sdk", 1);
    try (KinesisClient client = server.endpoint().syncClient();
         KinesisAsyncClient async = server.endpoint().asyncClientBuilder(Protocol.HTTP2).build()) {
      String shard = client.listShards(b -> b.streamName(stream)).shards().get(0).shardId();
      Receiver receiver = (stop, each) -> SdkBaselines.readAll(client, stream, stop, each);
      String consumerArn = null;
      if (fanOut) {
        String arn = client.describeStreamSummary(b -> b.streamName(stream))
            .streamDescriptionSummary().streamARN();
        String registered = client.registerStreamConsumer(b -> b.streamARN(arn)
            .consumerName("bench-sdk-" + System.nanoTime())).consumer().consumerARN();
        consumerArn = registered;
        awaitActive(client, registered);
        receiver = (stop, each) -> SdkBaselines.subscribeLoop(async, registered, shard, stop, each);
      }
      try {
        return measure("sdk " + (fanOut ? "fan-out" : "polling"), receiver, (i, body) -> {
          String id = id();
          client.putRecord(r -> r.streamName(stream).partitionKey(id).data(SdkBytes.fromByteArray(body)));
        });
      } finally {
        if (consumerArn != null) {
          String registered = consumerArn;
          client.deregisterStreamConsumer(b -> b.consumerARN(registered));
        }
      }
    } finally {
      server.deleteStream(stream);
    }
  }

  private String id() {
    return "lat-" + IDS.incrementAndGet();
  }

  /**
   * Runs {@code receiver} on its own thread while the senders send on schedule; returns the
   * latencies (ms) of the messages planned after the first second, once all arrived.
   */
  private double[] measure(String mode, Receiver receiver, BiConsumer<Integer, byte[]> sender) {
    int count = (int) (sizes.latencyRate() * sizes.latencyDuration().toMillis() / 1000);
    long period = 1_000_000_000L / sizes.latencyRate();
    long start = System.nanoTime() + 100_000_000L;
    ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
    AtomicInteger arrived = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    Thread reader = new Thread(() -> {
      try {
        receiver.receive(stop, body -> {
          long planned = ByteBuffer.wrap(body).getLong(0);
          samples.add(new Sample(planned, (System.nanoTime() - planned) / 1e6));
          arrived.incrementAndGet();
        });
      } catch (Exception e) {
        progress.accept("latency " + mode + ": the receiver failed: " + e);
      }
    }, "latency-" + mode);
    reader.setDaemon(true);
    reader.start();
    progress.accept("latency " + server.label() + " " + mode + ": " + count + " messages at "
        + sizes.latencyRate() + "/s");
    try {
      AtomicInteger next = new AtomicInteger();
      Workers.run("latency-send", SENDERS, w -> {
        for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
          long planned = start + i * period;
          Workers.sleep(Duration.ofNanos(planned - System.nanoTime()));
          byte[] body = new byte[BenchServer.BODY_SIZE];
          ByteBuffer.wrap(body).putLong(0, planned);
          sender.accept(i, body);
        }
      });
      long deadline = System.nanoTime() + ARRIVAL_BOUND.toNanos();
      while (arrived.get() < count && System.nanoTime() < deadline) {
        Workers.sleep(Duration.ofMillis(20));
      }
    } finally {
      stop.set(true);
      try {
        reader.join(ARRIVAL_BOUND.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (arrived.get() < count) {
      throw new IllegalStateException("latency " + mode + ": " + arrived.get() + " of " + count
          + " messages arrived within " + ARRIVAL_BOUND);
    }
    long counted = start + 1_000_000_000L;
    return samples.stream().filter(s -> s.planned() >= counted).mapToDouble(Sample::millis).toArray();
  }

  private static void awaitActive(KinesisClient client, String consumerArn) {
    long deadline = System.nanoTime() + ARRIVAL_BOUND.toNanos();
    while (client.describeStreamConsumer(b -> b.consumerARN(consumerArn)).consumerDescription()
        .consumerStatus() != ConsumerStatus.ACTIVE) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("stream consumer " + consumerArn + " did not become ACTIVE");
      }
      Workers.sleep(Duration.ofMillis(100));
    }
  }
}
