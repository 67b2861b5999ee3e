package dev.mq.kinesis.faults;

import static org.assertj.core.api.Assertions.fail;

import dev.mq.kinesis.internal.KinesisBroker;
import dev.mq.kinesis.testing.KinesisEndpoint;
import dev.mq.kinesis.testing.TestTimeouts;
import dev.mq.spi.ProviderConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** Set-up shared by the fault tests: fast settings, connecting with interceptors, bounded waits. */
final class FaultTests {

  /** Generous bound for anything that must happen (scaled by the timeout factor). */
  static final Duration AWAIT = TestTimeouts.scaled(Duration.ofSeconds(90));
  /** Bound for a close to return and for threads to end. */
  static final Duration CLOSE_BOUND = TestTimeouts.scaled(Duration.ofSeconds(30));

  private FaultTests() {}

  /** The endpoint's configuration: file store under {@code dir}, fast polling, short back-off. */
  static Map<String, String> config(KinesisEndpoint endpoint, Path dir) {
    Map<String, String> c = endpoint.providerConfig();
    c.put("mq.kinesis.checkpoint-store", "file");
    c.put("mq.kinesis.checkpoint-dir", dir.toString());
    c.put("mq.kinesis.poll-interval", "200ms");
    c.put("mq.kinesis.checkpoint-interval", "50ms");
    c.put("mq.kinesis.shard-discovery-interval", "300ms");
    c.put("mq.kinesis.read-backoff-max", "1s");
    c.put("mq.kinesis.producer-max-backoff", "500ms");
    return c;
  }

  /** Connects with these interceptors on every Kinesis client of the broker. */
  static KinesisBroker connect(Map<String, String> config, ExecutionInterceptor... interceptors) {
    return KinesisBroker.connect(ProviderConfig.of("kinesis", config),
        (ClientOverrideConfiguration.Builder b) -> {
          for (ExecutionInterceptor i : interceptors) {
            b.addExecutionInterceptor(i);
          }
        });
  }

  /** Waits until {@code condition} holds; fails after {@code bound} saying what it waited for. */
  static void await(String what, Duration bound, BooleanSupplier condition) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out after " + bound + " waiting until " + what);
      }
      sleep(Duration.ofMillis(20));
    }
  }

  /**
   * Waits until {@code done} holds, for as long as {@code progress} keeps changing: fails when it
   * stood still for {@code stall}. Long runs under load take long; a hang stands still.
   */
  static void awaitWithProgress(String what, Duration stall, java.util.function.IntSupplier progress,
      BooleanSupplier done) {
    int last = progress.getAsInt();
    long lastChange = System.nanoTime();
    while (!done.getAsBoolean()) {
      int now = progress.getAsInt();
      if (now != last) {
        last = now;
        lastChange = System.nanoTime();
      } else if (System.nanoTime() - lastChange > stall.toNanos()) {
        fail("no progress for " + stall + " waiting until " + what + " (progress " + now + ")");
      }
      sleep(Duration.ofMillis(20));
    }
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Runs {@code action} on a new thread and fails unless it ends within {@code bound}. */
  static void boundedly(String what, Duration bound, Runnable action) {
    Thread t = new Thread(action, "fault-test-bounded");
    t.setDaemon(true);
    Throwable[] failure = new Throwable[1];
    t.setUncaughtExceptionHandler((th, e) -> failure[0] = e);
    t.start();
    try {
      t.join(bound.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail("interrupted waiting for " + what);
    }
    if (t.isAlive()) {
      fail(what + " did not return within " + bound + "; stack: " + java.util.Arrays.toString(t.getStackTrace()));
    }
    if (failure[0] != null) {
      throw new AssertionError(what + " failed", failure[0]);
    }
  }
}
