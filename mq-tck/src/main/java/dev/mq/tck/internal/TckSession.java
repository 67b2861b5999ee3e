package dev.mq.tck.internal;

import static org.assertj.core.api.Assertions.fail;

import dev.mq.Broker;
import dev.mq.ConfigKeys;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.spi.DaemonThreads;
import dev.mq.tck.TckTimeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * The resources of one test: the brokers it connected, the threads it started and the failures
 * they saw. {@link #close()} closes and stops all of them and fails the test if a thread failed or
 * outlived it.
 */
public final class TckSession implements AutoCloseable {

  /** Most threads one test may run at once; a bound keeps a bad test from flooding the machine. */
  private static final int MAX_THREADS = 64;

  private final TckFixture fixture;
  private final ThreadFailures failures = new ThreadFailures();
  private final List<Broker> brokers = Collections.synchronizedList(new ArrayList<>());
  private final ExecutorService threads;

  /** A session for one test. */
  TckSession(TckFixture fixture) {
    this.fixture = fixture;
    this.threads = Executors.newFixedThreadPool(MAX_THREADS, DaemonThreads.factory("tck-worker"));
  }

  /** The kit's waits. */
  TckTimeouts timeouts() {
    return fixture.timeouts();
  }

  /** Failures of this test's other threads. */
  ThreadFailures failures() {
    return failures;
  }

  /** A fresh, unique queue or group name. */
  String uniqueName() {
    return fixture.uniqueName();
  }

  /**
   * The provider's configuration, as a mutable copy, with retries deliverable at once
   * ({@code mq.retry.initial-delay=0ms}): only the retry rules (5.7 to 5.9) wait, and they set
   * their own delays.
   */
  Map<String, String> providerConfig() {
    Map<String, String> config = new HashMap<>(fixture.providerConfig());
    config.putIfAbsent(ConfigKeys.RETRY_INITIAL_DELAY, "0ms");
    return config;
  }

  /** A broker connected with the provider's configuration. */
  Broker connect() {
    return connectExactly(providerConfig());
  }

  /** A broker connected with the provider's configuration plus {@code overrides}. */
  Broker connect(Map<String, String> overrides) {
    Map<String, String> config = providerConfig();
    config.putAll(overrides);
    return connectExactly(config);
  }

  /** A broker connected with exactly {@code config}; closed when the test ends. */
  Broker connectExactly(Map<String, String> config) {
    Broker b = fixture.connect(config);
    brokers.add(b);
    return b;
  }

  /** Keeps track of a broker connected some other way, so that it is closed with the test. */
  Broker track(Broker broker) {
    brokers.add(broker);
    return broker;
  }

  /** The provider's restart hook. */
  void restartBroker() throws Exception {
    fixture.restartBroker();
  }

  /** Provider keys with malformed values. */
  Map<String, String> malformedProviderValues() {
    return fixture.malformedProviderValues();
  }

  /** A body size the provider must accept. */
  int largeBodySize() {
    return fixture.largeBodySize();
  }

  /** A body size the provider must refuse as too large. */
  int tooLargeBodySize() {
    return fixture.tooLargeBodySize();
  }

  /** Messages of the volume test of rule 3.6. */
  int volumeMessages() {
    return fixture.volumeMessages();
  }

  /** Messages of the restart-under-load test of rule 3.8. */
  int restartLoadMessages() {
    return fixture.restartLoadMessages();
  }

  /** Runs {@code task} on a thread of this test. */
  <T> Future<T> fork(Callable<T> task) {
    return threads.submit(task);
  }

  /** Runs {@code task} on a thread of this test, recording what it throws. */
  Future<?> forkGuarded(String what, ThreadFailures.Task task) {
    return threads.submit(() -> failures.guard(what, task));
  }

  /**
   * Runs {@code task} on another thread and returns its result, failing if it does not finish
   * within the await timeout. Guards calls that must not hang.
   */
  <T> T withinAwait(String what, Callable<T> task) throws Exception {
    Future<T> f = fork(task);
    try {
      return f.get(timeouts().await().toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new AssertionError(what + " did not return within " + timeouts().await());
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception) {
        throw (Exception) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw e;
    }
  }

  /** Waits for {@code f} to finish, at most the await timeout, and returns its result. */
  <T> T join(String what, Future<T> f) throws Exception {
    return join(what, f, timeouts().await());
  }

  /**
   * Waits for {@code f} to finish, at most {@code bound}, and returns its result; for a task that
   * itself waits up to the await timeout, so that its own wait, not this one, decides.
   */
  <T> T join(String what, Future<T> f, Duration bound) throws Exception {
    try {
      return f.get(bound.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new AssertionError(what + " did not finish within " + bound);
    } catch (ExecutionException e) {
      throw new AssertionError(what + " failed: " + e.getCause(), e.getCause());
    }
  }

  /** Waits until {@code condition} holds, failing after the await timeout. */
  void awaitCondition(String description, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeouts().await().toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail("timed out after " + timeouts().await() + " waiting until " + description);
      }
      sleep(Duration.ofMillis(10));
    }
  }

  /** Checks that {@code condition} stays false for the quiet period. */
  void assertStaysFalse(String description, BooleanSupplier condition) {
    long end = System.nanoTime() + timeouts().quiet().toNanos();
    while (System.nanoTime() - end < 0) {
      if (condition.getAsBoolean()) {
        fail(description);
      }
      sleep(Duration.ofMillis(10));
    }
    if (condition.getAsBoolean()) {
      fail(description);
    }
  }

  /** The next message of {@code q}, waiting at most the await timeout for it; not settled. */
  Envelope receive(MessageQueue q) {
    return receive(q, 1).get(0);
  }

  /** The next message of {@code q}, {@code what} the test expects, e.g. "the requeued message". */
  Envelope receive(MessageQueue q, String what) {
    return receive(q, 1, what).get(0);
  }

  /** The next {@code n} messages of {@code q}, waiting at most the await timeout; not settled. */
  List<Envelope> receive(MessageQueue q, int n) {
    return receive(q, n, n == 1 ? "a message" : n + " messages");
  }

  /**
   * The next {@code n} messages of {@code q}, {@code what} the test expects (named in the failure,
   * so that it says why the test failed); waits at most the await timeout; not settled.
   */
  List<Envelope> receive(MessageQueue q, int n, String what) {
    List<Envelope> got = new ArrayList<>();
    long deadline = System.nanoTime() + timeouts().await().toNanos();
    while (got.size() < n) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        fail("expected " + what + " (" + n + " message(s)) from queue " + q.name() + " within "
            + timeouts().await() + " but received " + got.size() + ": " + got);
      }
      Duration wait = Duration.ofNanos(Math.min(left, timeouts().poll().toNanos()));
      q.dequeue(wait).ifPresent(got::add);
    }
    return got;
  }

  /** Receives and acknowledges the next {@code n} messages of {@code q}. */
  List<Envelope> receiveAndAck(MessageQueue q, int n) {
    return receiveAndAck(q, n, "a message");
  }

  /** Receives and acknowledges the next {@code n} messages of {@code q}, each {@code what} the test expects. */
  List<Envelope> receiveAndAck(MessageQueue q, int n, String what) {
    List<Envelope> got = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Envelope e = receive(q, what + " (" + (i + 1) + " of " + n + ")");
      q.acknowledge(e);
      got.add(e);
    }
    return got;
  }

  /** Fails if {@code q} delivers anything within the quiet period. */
  void assertNothingDelivered(MessageQueue q, String why) {
    Optional<Envelope> got = pollQuietly(q);
    if (got.isPresent()) {
      fail("expected no message from queue " + q.name() + " (" + why + ") but received " + got.get()
          + " with body '" + abbreviate(got.get().bodyAsString()) + "'");
    }
  }

  /** The first message {@code q} delivers within the quiet period, if any. */
  Optional<Envelope> pollQuietly(MessageQueue q) {
    long end = System.nanoTime() + timeouts().quiet().toNanos();
    do {
      long left = Math.max(0, end - System.nanoTime());
      Optional<Envelope> e = q.dequeue(Duration.ofNanos(left));
      if (e.isPresent()) {
        return e;
      }
    } while (System.nanoTime() - end < 0);
    return Optional.empty();
  }

  /**
   * Sleeps; used only between checks of a condition.
   *
   * @param d how long, at least a millisecond
   * @throws AssertionError if the thread is interrupted (its interrupt flag is set again)
   */
  public static void sleep(Duration d) {
    try {
      Thread.sleep(Math.max(1, d.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /**
   * Closes every broker, stops every thread of the test and fails if a thread failed, a broker
   * failed to close, or a thread outlived the test.
   */
  @Override
  public void close() {
    AssertionError problems = null;
    threads.shutdownNow();
    List<Broker> open;
    synchronized (brokers) {
      open = new ArrayList<>(brokers);
    }
    for (Broker b : open) {
      try {
        b.close();
      } catch (RuntimeException e) {
        problems = add(problems, new AssertionError("closing broker " + b + " failed: " + e, e));
      }
    }
    try {
      if (!threads.awaitTermination(timeouts().shutdown().toNanos(), TimeUnit.NANOSECONDS)) {
        problems = add(problems, new AssertionError(
            "a thread of the test was still running " + timeouts().shutdown() + " after the test ended"));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      failures.assertNone();
    } catch (AssertionError e) {
      problems = add(problems, e);
    }
    if (problems != null) {
      throw problems;
    }
  }

  private static AssertionError add(AssertionError first, AssertionError next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }
}
