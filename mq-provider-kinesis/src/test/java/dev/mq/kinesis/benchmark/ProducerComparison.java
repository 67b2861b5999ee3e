package dev.mq.kinesis.benchmark;

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
import java.util.function.Consumer;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Producer throughput: {@code push} from 32 and from 256 threads, {@code pushAsync} from one and
 * {@code pushAll} of 500-message lists from 4, against (a) 4 threads of full 500-record
 * PutRecords requests and (b) one PutRecord per message. Every variant writes fresh messages to
 * a fresh 2-shard stream, deleted afterwards; the rounds alternate the variants. Throughput
 * counts from the first call until the last one returned; opening the queue and building the
 * messages are not timed.
 */
record ProducerComparison(BenchServer server, Sizes sizes, Consumer<String> progress) {

  private static final int SHARDS = 2;
  private static final int PUSH_ALL_CALLERS = 4;
  private static final int LOOP_THREADS = 4;

  /** A variant: writes the messages through the open queue or, for a baseline, the SDK client. */
  private interface Writer {
    void write(MessageQueue queue, KinesisClient client, String stream, List<Envelope> messages);
  }

  /** Runs the rounds; returns each of ours against each baseline. */
  List<Figure> run() {
    Map<String, Writer> ours = new LinkedHashMap<>();
    ours.put("push (32 callers)", (q, c, s, m) -> push(q, m, 32));
    ours.put("push (256 callers)", (q, c, s, m) -> push(q, m, 256));
    ours.put("pushAsync (1 caller)", (q, c, s, m) -> pushAsync(q, m));
    ours.put("pushAll (" + PUSH_ALL_CALLERS + " callers, 500/list)", (q, c, s, m) -> pushAll(q, m));
    String loop = "SDK loop, 500/PutRecords, " + LOOP_THREADS + " threads";
    String single = "SDK PutRecord per message, 1 thread";
    Map<String, List<Double>> rates = new LinkedHashMap<>();
    try (Broker broker = MessageQueues.connect(server.providerConfig("bench-producer"));
         KinesisClient client = server.endpoint().syncClient()) {
      for (int round = sizes.warmUp() ? 0 : 1; round <= sizes.rounds(); round++) {
        boolean counted = round > 0;
        int n = counted ? sizes.producerMessages() : Math.max(SdkBaselines.BATCH, sizes.producerMessages() / 5);
        int naive = counted ? sizes.singleMessages() : Math.max(10, sizes.singleMessages() / 5);
        for (Map.Entry<String, Writer> v : ours.entrySet()) {
          measure(v.getKey(), v.getValue(), n, counted, rates, broker, client);
        }
        measure(loop, (q, c, s, m) -> SdkBaselines.putBatches(c, s, m, LOOP_THREADS), n, counted,
            rates, broker, client);
        measure(single, (q, c, s, m) -> SdkBaselines.putOneByOne(c, s, m), naive, counted, rates,
            broker, client);
      }
    }
    List<Figure> figures = new ArrayList<>();
    for (String baseline : List.of(loop, single)) {
      Stats base = Stats.of(rates.get(baseline));
      double target = baseline.equals(loop) ? 0.8 : 10;
      for (String variant : ours.keySet()) {
        Stats s = Stats.of(rates.get(variant));
        figures.add(new Figure("producer", server.label(), variant, s.median(), baseline,
            base.median(), "msg/s", target, s.describe() + " [" + sizes.producerMessages()
            + " msgs/round, baseline " + base.describe() + " of "
            + (baseline.equals(loop) ? sizes.producerMessages() : sizes.singleMessages()) + "]"));
      }
    }
    return figures;
  }

  private void measure(String variant, Writer writer, int count, boolean counted,
      Map<String, List<Double>> rates, Broker broker, KinesisClient client) {
    String stream = server.createStream("bench-producer", SHARDS);
    try {
      List<Envelope> messages = BenchServer.messages(count);
      double seconds;
      try (MessageQueue q = broker.queue(stream)) {
        long start = System.nanoTime();
        writer.write(q, client, stream, messages);
        seconds = (System.nanoTime() - start) / 1e9;
      }
      if (counted) {
        rates.computeIfAbsent(variant, k -> new ArrayList<>()).add(count / seconds);
      }
      progress.accept("producer " + server.label() + (counted ? "" : " warm-up") + " " + variant
          + ": " + Figure.format(count / seconds) + " msg/s");
    } finally {
      server.deleteStream(stream);
    }
  }

  /** {@code callers} threads, each pushing the next message until none is left. */
  private static void push(MessageQueue q, List<Envelope> messages, int callers) {
    AtomicInteger next = new AtomicInteger();
    Workers.run("push", callers, w -> {
      for (int i = next.getAndIncrement(); i < messages.size(); i = next.getAndIncrement()) {
        q.push(messages.get(i));
      }
    });
  }

  /** One thread calls {@code pushAsync} for every message, then waits for all of them. */
  private static void pushAsync(MessageQueue q, List<Envelope> messages) {
    List<CompletableFuture<Void>> written = new ArrayList<>(messages.size());
    for (Envelope e : messages) {
      written.add(q.pushAsync(e));
    }
    CompletableFuture.allOf(written.toArray(CompletableFuture[]::new)).join();
  }

  /** {@value #PUSH_ALL_CALLERS} threads, each pushing the next list of 500 until none is left. */
  private static void pushAll(MessageQueue q, List<Envelope> messages) {
    int lists = (messages.size() + SdkBaselines.BATCH - 1) / SdkBaselines.BATCH;
    AtomicInteger next = new AtomicInteger();
    Workers.run("pushAll", PUSH_ALL_CALLERS, w -> {
      for (int b = next.getAndIncrement(); b < lists; b = next.getAndIncrement()) {
        q.pushAll(messages.subList(b * SdkBaselines.BATCH,
            Math.min(messages.size(), (b + 1) * SdkBaselines.BATCH)));
      }
    });
  }
}
