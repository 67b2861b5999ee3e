package dev.mq.benchmarks;

import dev.mq.benchmarks.internal.BaselineTransport;
import dev.mq.benchmarks.internal.InMemoryTransport;
import dev.mq.benchmarks.internal.Pipeline;
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
 * Producers and consumers on separate threads: {@code pairs} producer threads push and
 * {@code pairs} consumer threads dequeue (waiting up to 100 ms) and acknowledge. Each invocation
 * moves one batch of {@value #BATCH} messages end to end, so the score is messages per second
 * delivered and acknowledged. {@code baseline} runs the identical harness over a
 * {@code LinkedBlockingQueue}: {@code offer}, {@code poll(timeout)}, and a counter increment as
 * its "acknowledgement".
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
public class PipelineBenchmark {

  /** Messages per invocation. */
  public static final int BATCH = 10_000;
  /** Longest wait for one batch; far above any plausible batch time. */
  static final Duration BATCH_TIMEOUT = Duration.ofSeconds(60);

  /** Producer threads, and as many consumer threads. */
  @Param({"1", "2"})
  public int pairs;

  /** 0: messages without a partition key; 16: messages cycling through 16 keys. */
  @Param({"0", "16"})
  public int keys;

  /** Messages per batch; the smoke test lowers it. */
  int batchSize = BATCH;

  /** Moves one batch through the in-memory provider. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void inmemory(InMemory state) throws InterruptedException {
    state.pipeline.runBatch();
  }

  /** Moves one batch through a plain LinkedBlockingQueue. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void baseline(Baseline state) throws InterruptedException {
    state.pipeline.runBatch();
  }

  static Pipeline start(Transport transport, PipelineBenchmark params) {
    return new Pipeline(transport, params.pairs, params.pairs, params.keys, params.batchSize,
        BATCH_TIMEOUT);
  }

  /** A pipeline over a fresh transport per trial; subclasses choose the transport. */
  @State(Scope.Thread)
  public abstract static class PipelineState {
    Transport transport;
    Pipeline pipeline;

    abstract Transport newTransport();

    /** Opens the transport and starts the threads. */
    @Setup(Level.Trial)
    public void open(PipelineBenchmark params) {
      transport = newTransport();
      pipeline = start(transport, params);
    }

    /** Stops the threads and closes the transport. */
    @TearDown(Level.Trial)
    public void close() {
      try {
        pipeline.close();
      } finally {
        transport.close();
      }
    }
  }

  /** The pipeline over a fresh in-memory queue. */
  public static class InMemory extends PipelineState {
    @Override
    Transport newTransport() {
      return new InMemoryTransport();
    }
  }

  /** The pipeline over a fresh LinkedBlockingQueue. */
  public static class Baseline extends PipelineState {
    @Override
    Transport newTransport() {
      return new BaselineTransport();
    }
  }
}
