package dev.mq.benchmarks;

import dev.mq.benchmarks.internal.BaselineTransport;
import dev.mq.benchmarks.internal.InMemoryTransport;
import dev.mq.benchmarks.internal.SubscriptionDrain;
import dev.mq.benchmarks.internal.Transport;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A subscription draining a queue that was filled with {@value #BATCH} messages before the
 * invocation (filling is not timed). Each invocation subscribes with the given concurrency, waits
 * until the handler (which checks the body length and counts) has seen every message, and closes the subscription; the
 * score is messages per second handled and acknowledged. {@code baseline} runs
 * {@code concurrency} threads that {@code poll} a {@code LinkedBlockingQueue}, call the same
 * handler and increment a counter, started and stopped the same way.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
public class SubscribeBenchmark {

  /** Messages per invocation. */
  public static final int BATCH = 20_000;
  /** Longest wait for one drain; far above any plausible drain time. */
  static final Duration BATCH_TIMEOUT = Duration.ofSeconds(60);

  /** Handlers the subscription runs at once (baseline: polling threads). */
  @Param({"1", "2"})
  public int concurrency;

  /** 0: messages without a partition key; 16: messages cycling through 16 keys. */
  @Param({"0", "16"})
  public int keys;

  /** Messages per batch; the smoke test lowers it. */
  int batchSize = BATCH;

  /** Drains one batch with an in-memory subscription. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void inmemory(InMemory state) throws Exception {
    state.drain.drain();
  }

  /** Drains one batch with threads polling a LinkedBlockingQueue. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void baseline(Baseline state) throws Exception {
    state.drain.drain();
  }

  static SubscriptionDrain drainer(Transport transport, SubscribeBenchmark params) {
    return new SubscriptionDrain(transport, params.concurrency, params.keys, params.batchSize,
        BATCH_TIMEOUT);
  }

  /** A fresh transport per trial, refilled before every invocation; subclasses choose it. */
  @State(Scope.Thread)
  public abstract static class DrainState {
    Transport transport;
    SubscriptionDrain drain;

    abstract Transport newTransport();

    /** Opens the transport. */
    @Setup(Level.Trial)
    public void open(SubscribeBenchmark params) {
      transport = newTransport();
      drain = drainer(transport, params);
    }

    /** Fills the queue with one batch. */
    @Setup(Level.Invocation)
    public void fill() {
      drain.fill();
    }

    /** Closes the transport. */
    @TearDown(Level.Trial)
    public void close() {
      transport.close();
    }
  }

  /** Drains a fresh in-memory queue. */
  public static class InMemory extends DrainState {
    @Override
    Transport newTransport() {
      return new InMemoryTransport();
    }
  }

  /** Drains a fresh LinkedBlockingQueue with plain polling threads. */
  public static class Baseline extends DrainState {
    @Override
    Transport newTransport() {
      return new BaselineTransport();
    }
  }
}
