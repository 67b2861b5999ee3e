package dev.mq.kinesis.internal;

import static org.assertj.core.api.Assertions.fail;

import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.kinesis.testing.Dynalite;
import dev.mq.kinesis.testing.KinesisEndpoint;
import dev.mq.kinesis.testing.TestTimeouts;
import dev.mq.spi.ProviderConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** Shared set-up of the provider tests: fast settings, connecting with interceptors, waiting. */
public final class ProviderTests {

  /** Generous bound for anything that must happen. */
  static final Duration AWAIT = TestTimeouts.scaled(Duration.ofSeconds(60));
  /** How long nothing may arrive for a negative check. */
  static final Duration QUIET = TestTimeouts.scaled(Duration.ofMillis(1500));

  private ProviderTests() {}

  /** The endpoint's configuration with fast polling and a file store under {@code dir}. */
  public static Map<String, String> config(KinesisEndpoint endpoint, Path dir) {
    Map<String, String> c = endpoint.providerConfig();
    c.put("mq.kinesis.checkpoint-store", "file");
    c.put("mq.kinesis.checkpoint-dir", dir.toString());
    c.put("mq.kinesis.poll-interval", "200ms");
    c.put("mq.kinesis.checkpoint-interval", "50ms");
    c.put("mq.kinesis.shard-discovery-interval", "300ms");
    c.put("mq.kinesis.read-backoff-max", "1s");
    return c;
  }

  /** The bytes the provider writes for {@code e}. */
  static byte[] encode(Envelope e) {
    return dev.mq.kinesis.internal.codec.RecordCodec.encode(e);
  }

  /** Connects with these interceptors on the client. */
  public static KinesisBroker connect(Map<String, String> config, ExecutionInterceptor... interceptors) {
    return KinesisBroker.connect(ProviderConfig.of("kinesis", config),
        (ClientOverrideConfiguration.Builder b) -> {
          for (ExecutionInterceptor i : interceptors) {
            b.addExecutionInterceptor(i);
          }
        });
  }

  /** The next {@code n} messages, unsettled; fails after {@link #AWAIT}. */
  static List<Envelope> receive(MessageQueue q, int n) {
    List<Envelope> got = new ArrayList<>();
    long deadline = System.nanoTime() + AWAIT.toNanos();
    while (got.size() < n) {
      if (System.nanoTime() > deadline) {
        fail("expected " + n + " messages from " + q.name() + " within " + AWAIT + ", got " + got.size() + ": " + got);
      }
      q.dequeue(Duration.ofMillis(200)).ifPresent(got::add);
    }
    return got;
  }

  /** Receives and acknowledges {@code n} messages. */
  static List<Envelope> receiveAndAck(MessageQueue q, int n) {
    List<Envelope> got = receive(q, n);
    got.forEach(q::acknowledge);
    return got;
  }

  /** Fails if {@code q} delivers anything within {@link #QUIET}. */
  static void assertNothingMore(MessageQueue q) {
    long end = System.nanoTime() + QUIET.toNanos();
    while (System.nanoTime() < end) {
      q.dequeue(Duration.ofMillis(100)).ifPresent(e -> fail("unexpected message " + e + " body " + e.bodyAsString()));
    }
  }

  /**
   * {@link #config} for a group that imports its start from the KCL lease table
   * {@code kclTable} in {@code dynalite}, with a 1 s liveness check.
   */
  static Map<String, String> kclImportConfig(KinesisEndpoint endpoint, Path dir, Dynalite dynalite,
      String kclTable) {
    Map<String, String> c = config(endpoint, dir);
    c.put("mq.kinesis.dynamodb-endpoint", dynalite.uri().toString());
    c.put("mq.kinesis.kcl-lease-table", kclTable);
    c.put("mq.kinesis.kcl-failover-time", "1s");
    return c;
  }

  /** Waits until {@code condition} holds; fails after {@link #AWAIT}. */
  static void await(String what, BooleanSupplier condition) {
    await(what, condition, () -> "");
  }

  /**
   * Waits until {@code condition} holds; fails after {@link #AWAIT}, the message ending with
   * {@code state} (e.g. what arrived so far).
   */
  static void await(String what, BooleanSupplier condition, Supplier<String> state) {
    long deadline = System.nanoTime() + AWAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        String detail = state.get();
        fail("timed out after " + AWAIT + " waiting until " + what
            + (detail.isEmpty() ? "" : "; " + detail));
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted");
      }
    }
  }
}
