package dev.mq.benchmarks.internal.kinesis;

import dev.mq.Broker;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.MessageQueues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Producer throughput: {@code push} from many callers, {@code pushAsync} from one and
 * {@code pushAll}, against (a) a
 * hand-written loop of full 500-record PutRecords requests and (b) one PutRecord per message.
 * Every variant writes fresh messages to a fresh stream of {@value #SHARDS} shards; the stream
 * is deleted afterwards. Throughput is messages per second from the first call until the last
 * call returned (everything acknowledged by the server); opening the queue and building the
 * messages happen before the clock starts.
 */
public final class ProducerScenario {

  /**
   * Threads calling {@code push} at once, in the two push variants. {@code push} returns when
   * Kinesis accepted the record, so its throughput is at most callers / round trip.
   */
  public static final List<Integer> PUSH_CALLERS = List.of(32, 256);
  /** Threads calling {@code pushAll} at once, each with lists of 500 messages. */
  public static final int PUSH_ALL_CALLERS = 4;
  /** Threads of the hand-written PutRecords loop. */
  public static final int LOOP_THREADS = 4;
  static final int SHARDS = 2;
  private static final double TARGET_BATCH = 0.8;
  private static final double TARGET_NAIVE = 10;
  private static final String PUSH_ALL = "pushAll (" + PUSH_ALL_CALLERS + " callers, 500/list)";
  private static final String PUSH_ASYNC = "pushAsync (1 caller)";

  private final Server server;
  private final Sizes sizes;
  private final Progress progress;

  /** A scenario against {@code server}. */
  public ProducerScenario(Server server, Sizes sizes, Progress progress) {
    this.server = server;
    this.sizes = sizes;
    this.progress = progress;
  }

  /** Runs a warm-up round and the measured rounds; returns four figures. */
  public List<Figure> run() {
    int n = sizes.producerMessages(server.kind());
    int naive = sizes.naiveMessages(server.kind());
    Map<String, List<Double>> rates = new LinkedHashMap<>();
    try (Broker broker = MessageQueues.connect(server.providerConfig("bench-producer"));
         KinesisClient client = server.client()) {
      for (int round = 0; round <= sizes.rounds(); round++) {
        boolean warmUp = round == 0;
        int count = warmUp ? Math.max(SdkLoops.BATCH, n / 5) : n;
        int naiveCount = warmUp ? Math.max(10, naive / 5) : naive;
        String label = warmUp ? "warm-up" : "round " + round + "/" + sizes.rounds();
        for (int callers : PUSH_CALLERS) {
          record(pushName(callers), rates, warmUp, label, count, stream -> {
            MessageQueue q = broker.queue(stream);
            List<Envelope> messages = Messages.fresh(count);
            return timed(() -> pushConcurrently(q, messages, callers), q::close);
          });
        }
        record(PUSH_ASYNC, rates, warmUp, label, count, stream -> {
          MessageQueue q = broker.queue(stream);
          List<Envelope> messages = Messages.fresh(count);
          return timed(() -> pushAsyncFromOneThread(q, messages), q::close);
        });
        record(PUSH_ALL, rates, warmUp, label, count, stream -> {
          MessageQueue q = broker.queue(stream);
          List<Envelope> messages = Messages.fresh(count);
          return timed(() -> pushAllConcurrently(q, messages), q::close);
        });
        record("sdk-batch", rates, warmUp, label, count, stream -> {
          List<Envelope> messages = Messages.fresh(count);
          return timed(() -> SdkLoops.putBatches(client, stream, messages, LOOP_THREADS), () -> { });
        });
        record("sdk-single", rates, warmUp, label, naiveCount, stream -> {
          List<Envelope> messages = Messages.fresh(naiveCount);
          return timed(() -> SdkLoops.putOneByOne(client, stream, messages), () -> { });
        });
      }
    }
    Stats batch = Stats.of(rates.get("sdk-batch"));
    Stats single = Stats.of(rates.get("sdk-single"));
    String loop = "SDK loop, 500/PutRecords, " + LOOP_THREADS + " threads";
    String one = "SDK PutRecord per message, 1 thread";
    List<String> ours = new ArrayList<>();
    PUSH_CALLERS.forEach(c -> ours.add(pushName(c)));
    ours.add(PUSH_ASYNC);
    ours.add(PUSH_ALL);
    List<Figure> figures = new ArrayList<>();
    for (String variant : ours) {
      Stats s = Stats.of(rates.get(variant));
      figures.add(figure(variant, s, loop, batch, TARGET_BATCH, s.describe() + " [" + n
          + " msgs/round, baseline " + batch.describe() + "]"));
    }
    for (String variant : ours) {
      figures.add(figure(variant, Stats.of(rates.get(variant)), one, single, TARGET_NAIVE,
          "baseline " + single.describe() + " [" + naive + " msgs/round]"));
    }
    return figures;
  }

  private static String pushName(int callers) {
    return "push (" + callers + " callers)";
  }

  private Figure figure(String name, Stats ours, String baselineName, Stats baseline,
      double target, String note) {
    return new Figure("producer", server.label(), name, ours.median(), baselineName,
        baseline.median(), "msg/s", target, true, note);
  }

  /**
   * Prepares a variant on the stream it is given (opens the queue, builds the messages: not
   * timed) and returns the timed part.
   */
  private interface Writer {
    Timed prepare(String stream) throws Exception;
  }

  /** The timed writing, and what to close afterwards (not timed). */
  private record Timed(Runnable write, Runnable cleanup) {}

  private static Timed timed(Runnable write, Runnable cleanup) {
    return new Timed(write, cleanup);
  }

  private void record(String variant, Map<String, List<Double>> rates, boolean warmUp,
      String label, int count, Writer writer) {
    String stream = server.createStream("bench-" + variant, SHARDS);
    Timed timed = null;
    try {
      timed = writer.prepare(stream);
      long start = System.nanoTime();
      timed.write().run();
      double seconds = (System.nanoTime() - start) / 1e9;
      double rate = count / seconds;
      if (!warmUp) {
        rates.computeIfAbsent(variant, k -> new ArrayList<>()).add(rate);
      }
      progress.say("producer " + server.label() + " " + label + " " + variant + ": "
          + Figure.format(rate) + " msg/s (" + count + " in " + Figure.format(seconds) + " s)");
    } catch (Exception e) {
      throw new IllegalStateException("producer " + variant + " on " + server.label() + " failed: "
          + e, e);
    } finally {
      if (timed != null) {
        timed.cleanup().run();
      }
      server.deleteStream(stream);
    }
  }

  /** {@code callers} threads, each pushing the next message until none is left. */
  static void pushConcurrently(MessageQueue q, List<Envelope> messages, int callers) {
    AtomicInteger next = new AtomicInteger();
    Workers.run("push", callers, w -> {
      for (int i = next.getAndIncrement(); i < messages.size(); i = next.getAndIncrement()) {
        q.push(messages.get(i));
      }
    });
  }

  /** One thread calls {@code pushAsync} for every message, then waits for all of them. */
  static void pushAsyncFromOneThread(MessageQueue q, List<Envelope> messages) {
    List<CompletableFuture<Void>> written = new ArrayList<>(messages.size());
    for (Envelope e : messages) {
      written.add(q.pushAsync(e));
    }
    CompletableFuture.allOf(written.toArray(CompletableFuture[]::new)).join();
  }

  /** {@link #PUSH_ALL_CALLERS} threads, each pushing the next list of 500 until none is left. */
  static void pushAllConcurrently(MessageQueue q, List<Envelope> messages) {
    int lists = (messages.size() + SdkLoops.BATCH - 1) / SdkLoops.BATCH;
    AtomicInteger next = new AtomicInteger();
    Workers.run("pushAll", PUSH_ALL_CALLERS, w -> {
      for (int b = next.getAndIncrement(); b < lists; b = next.getAndIncrement()) {
        q.pushAll(messages.subList(b * SdkLoops.BATCH,
            Math.min(messages.size(), (b + 1) * SdkLoops.BATCH)));
      }
    });
  }
}
