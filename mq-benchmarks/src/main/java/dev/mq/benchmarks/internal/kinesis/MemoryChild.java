package dev.mq.benchmarks.internal.kinesis;

import dev.mq.Broker;
import dev.mq.MessageQueue;
import dev.mq.MessageQueues;
import dev.mq.Subscription;
import dev.mq.SubscriptionOptions;
import dev.mq.benchmarks.internal.MessageFactory;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The memory scenario's child JVM (started with a small {@code -Xmx}): drains a pre-filled
 * stream and prints its heap figures. Arguments: {@code ours|sdk endpoint stream expected
 * boundSeconds}. Prints {@code PROGRESS <n>} lines every 5 seconds and one final line
 * {@code RESULT received=.. seconds=.. peakAfterGcMiB=.. peakUsedMiB=.. maxHeapMiB=.. gcs=..}.
 * The emulator's test credentials are the only credentials it knows.
 */
public final class MemoryChild {

  /** Concurrency of the subscription that drains the stream. */
  static final int CONCURRENCY = 4;

  private MemoryChild() {}

  /** Entry point; exits 0 when everything was read, 1 otherwise. */
  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      System.err.println("usage: MemoryChild ours|sdk <endpoint> <stream> <expected> <boundSeconds>");
      System.exit(2);
    }
    String mode = args[0];
    URI endpoint = URI.create(args[1]);
    String stream = args[2];
    long expected = Long.parseLong(args[3]);
    Duration bound = Duration.ofSeconds(Long.parseLong(args[4]));
    AtomicLong received = new AtomicLong();
    Thread reporter = new Thread(() -> {
      while (true) {
        try {
          Thread.sleep(5000);
        } catch (InterruptedException e) {
          return;
        }
        System.out.println("PROGRESS " + received.get());
      }
    }, "progress");
    reporter.setDaemon(true);
    long start;
    double elapsed;
    try (HeapWatch heap = new HeapWatch()) {
      reporter.start();
      start = System.nanoTime();
      if (mode.equals("ours")) {
        drainOurs(endpoint, stream, expected, bound, received);
      } else {
        try (KinesisClient client = KinesisClient.builder().endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(
                AwsBasicCredentials.create("test", "test")))
            .httpClientBuilder(ApacheHttpClient.builder()).build()) {
          SdkLoops.readAll(client, stream, expected, bound, m -> {
            SdkLoops.check(m);
            received.incrementAndGet();
          });
        }
      }
      elapsed = (System.nanoTime() - start) / 1e9;
      reporter.interrupt();
      System.out.printf(Locale.ROOT, "RESULT received=%d seconds=%.2f peakAfterGcMiB=%.1f "
              + "peakUsedMiB=%.1f maxHeapMiB=%.1f gcs=%d collectors=%s%n",
          received.get(), elapsed, heap.peakAfterGc() / 1048576.0, heap.peakUsed() / 1048576.0,
          ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax() / 1048576.0,
          heap.collections(), HeapWatch.collectorNames().replace(' ', '_'));
    }
    System.out.flush();
    System.exit(received.get() >= expected ? 0 : 1);
  }

  private static void drainOurs(URI endpoint, String stream, long expected, Duration bound,
      AtomicLong received) throws InterruptedException {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("mq.provider", "kinesis");
    config.put("mq.kinesis.endpoint", endpoint.toString());
    config.put("mq.kinesis.region", "us-east-1");
    config.put("mq.kinesis.access-key-id", "test");
    config.put("mq.kinesis.secret-access-key", "test");
    config.put("mq.kinesis.checkpoint-store", "memory");
    config.put("mq.kinesis.consumer-group", "bench-memory");
    config.put("mq.kinesis.poll-interval", "200ms");
    long deadline = System.nanoTime() + bound.toNanos();
    try (Broker broker = MessageQueues.connect(config);
         MessageQueue q = broker.queue(stream);
         Subscription s = q.subscribe(e -> {
           MessageFactory.check(e);
           received.incrementAndGet();
         }, SubscriptionOptions.builder().concurrency(CONCURRENCY).build())) {
      while (received.get() < expected && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
    }
  }
}
