package dev.mq.benchmarks.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.Broker;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.MessageQueues;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.elasticmq.StrictSQSLimits$;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The SQS provider against hand-written AWS SDK code, in one JVM against one in-process ElasticMQ,
 * rounds alternating between the two so that machine load hits both alike. Not a test: surefire
 * runs it only when named ({@code -Dtest=SqsBenchmark}); it prints a markdown table and writes
 * it to {@code -Dsqs.bench.out} (default {@code target/sqs-benchmark.md}). Sizes:
 * {@code -Dsqs.bench.messages} (default 2000) per round, {@code -Dsqs.bench.rounds} (default 5)
 * after one warm-up round each.
 *
 * <ul>
 *   <li>push: {@code pushAll} of all messages (the provider cuts {@code SendMessageBatch} calls
 *       of ten) against a loop of {@code SendMessageBatch} calls of ten;
 *   <li>consume: {@code threads} consumers each looping {@code dequeue(10, 1 s)} and one
 *       {@code acknowledgeAll} of the batch (or, for reference, {@code acknowledge} of each
 *       message), against threads looping {@code ReceiveMessage} of ten and one
 *       {@code DeleteMessageBatch} per answer.
 * </ul>
 */
class SqsBenchmark {

  private static final int MESSAGES = Integer.getInteger("sqs.bench.messages", 2000);
  private static final int ROUNDS = Integer.getInteger("sqs.bench.rounds", 5);
  private static final String BODY = "x".repeat(64);
  private static final Path OUT = Path.of(System.getProperty("sqs.bench.out", "target/sqs-benchmark.md"));

  private SqsAsyncClient raw;
  private Broker broker;

  @Test
  void providerAgainstHandWrittenSdkCode() throws Exception {
    SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort()
        .withSQSLimits(StrictSQSLimits$.MODULE$).start();
    String endpoint = "http://127.0.0.1:" + server.waitUntilStarted().localAddress().getPort();
    raw = SqsAsyncClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("b", "b")))
        .build();
    broker = MessageQueues.connect(Map.of("mq.provider", "sqs", "mq.sqs.endpoint", endpoint,
        "mq.sqs.region", "us-east-1", "mq.sqs.access-key-id", "b", "mq.sqs.secret-access-key", "b",
        "mq.sqs.max-message-size", "262144", "mq.sqs.receive-wait-time", "1s"));
    try {
      StringBuilder table = new StringBuilder("| scenario | provider msg/s | hand-written msg/s "
          + "| ratio | target 0.8x |\n| --- | ---: | ---: | ---: | --- |\n");
      table.append(row("push: `pushAll` vs a loop of `SendMessageBatch` calls of 10", true,
          this::providerPush, this::rawPush));
      for (int threads : new int[] {1, 4}) {
        table.append(row("consume, " + threads + " thread(s): `dequeue(10, 1 s)` + one `acknowledgeAll` "
            + "vs `ReceiveMessage` of 10 + one `DeleteMessageBatch`", true,
            () -> providerConsume(threads, true), () -> rawConsume(threads)));
      }
      for (int threads : new int[] {1, 4}) {
        table.append(row("for reference, " + threads + " thread(s): `dequeue(10, 1 s)` + `acknowledge` "
            + "of each message, same hand-written loop", false,
            () -> providerConsume(threads, false), () -> rawConsume(threads)));
      }
      table.append("\n").append(MESSAGES).append(" messages of 64 bytes per round; each figure is the "
          + "median of ").append(ROUNDS).append(" rounds after one warm-up round, rounds alternating "
          + "between the provider and the hand-written code; ElasticMQ in process.\n");
      System.out.println(table);
      Files.writeString(OUT, table.toString(), StandardCharsets.UTF_8);
    } finally {
      broker.close();
      raw.close();
      server.stopAndWait();
    }
  }

  /** One table row: medians of the rounds, alternating provider and hand-written. */
  private String row(String name, boolean target, Round provider, Round handWritten) throws Exception {
    provider.run();
    handWritten.run();
    double[] p = new double[ROUNDS];
    double[] h = new double[ROUNDS];
    for (int i = 0; i < ROUNDS; i++) {
      p[i] = MESSAGES / (provider.run() / 1e9);
      h[i] = MESSAGES / (handWritten.run() / 1e9);
    }
    double pm = median(p);
    double hm = median(h);
    System.out.printf("%s: provider %s, hand-written %s%n", name, Arrays.toString(p), Arrays.toString(h));
    String met = !target ? "(no target)" : pm / hm >= 0.8 ? "met" : "**missed**";
    return String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %.2f | %s |%n", name, pm, hm, pm / hm, met);
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  /** A measured round: its nanoseconds. */
  private interface Round {
    long run() throws Exception;
  }

  private static String freshName() {
    return "bench-" + UUID.randomUUID().toString().substring(0, 12);
  }

  private List<Envelope> envelopes() {
    List<Envelope> out = new ArrayList<>(MESSAGES);
    for (int i = 0; i < MESSAGES; i++) {
      out.add(Envelope.of(BODY));
    }
    return out;
  }

  private long providerPush() {
    try (MessageQueue q = broker.queue(freshName())) {
      long start = System.nanoTime();
      q.pushAll(envelopes());
      return System.nanoTime() - start;
    }
  }

  private String rawQueue() {
    return raw.createQueue(r -> r.queueName(freshName())).join().queueUrl();
  }

  private void rawSend(String url) {
    for (int i = 0; i < MESSAGES; i += 10) {
      List<SendMessageBatchRequestEntry> entries = new ArrayList<>(10);
      for (int k = i; k < Math.min(MESSAGES, i + 10); k++) {
        entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(k)).messageBody(BODY).build());
      }
      var answer = raw.sendMessageBatch(r -> r.queueUrl(url).entries(entries)).join();
      if (!answer.failed().isEmpty()) {
        throw new IllegalStateException("send failed: " + answer.failed());
      }
    }
  }

  private long rawPush() {
    String url = rawQueue();
    long start = System.nanoTime();
    rawSend(url);
    long took = System.nanoTime() - start;
    raw.deleteQueue(r -> r.queueUrl(url)).join();
    return took;
  }

  private long providerConsume(int threads, boolean acknowledgeAll) throws Exception {
    String name = freshName();
    try (MessageQueue producer = broker.queue(name); MessageQueue q = broker.queue(name)) {
      producer.pushAll(envelopes());
      AtomicInteger left = new AtomicInteger(MESSAGES);
      return timed(threads, () -> {
        while (left.get() > 0) {
          List<Envelope> batch = q.dequeue(10, Duration.ofSeconds(1));
          for (Envelope e : batch) {
            if (e.body().length != BODY.length()) {
              throw new IllegalStateException("unexpected body");
            }
            if (!acknowledgeAll) {
              q.acknowledge(e);
            }
          }
          if (acknowledgeAll) {
            q.acknowledgeAll(batch);
          }
          left.addAndGet(-batch.size());
        }
      });
    }
  }

  private long rawConsume(int threads) throws Exception {
    String url = rawQueue();
    rawSend(url);
    AtomicInteger left = new AtomicInteger(MESSAGES);
    long took = timed(threads, () -> {
      while (left.get() > 0) {
        List<Message> batch = raw.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10)
            .waitTimeSeconds(1).visibilityTimeout(30)).join().messages();
        if (batch.isEmpty()) {
          continue;
        }
        List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>(batch.size());
        for (Message m : batch) {
          if (m.body().getBytes(StandardCharsets.UTF_8).length != BODY.length()) {
            throw new IllegalStateException("unexpected body");
          }
          deletes.add(DeleteMessageBatchRequestEntry.builder().id(m.messageId())
              .receiptHandle(m.receiptHandle()).build());
        }
        var answer = raw.deleteMessageBatch(r -> r.queueUrl(url).entries(deletes)).join();
        if (!answer.failed().isEmpty()) {
          throw new IllegalStateException("delete failed: " + answer.failed());
        }
        left.addAndGet(-batch.size());
      }
    });
    raw.deleteQueue(r -> r.queueUrl(url)).join();
    return took;
  }

  /** Runs {@code body} on {@code threads} threads and returns the nanoseconds until all ended. */
  private static long timed(int threads, ThrowingRunnable body) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      long start = System.nanoTime();
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        done.add(pool.submit(() -> {
          body.run();
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      long took = System.nanoTime() - start;
      assertThat(took).isPositive();
      return took;
    } finally {
      pool.shutdownNow();
    }
  }

  private interface ThrowingRunnable {
    void run() throws Exception;
  }
}
