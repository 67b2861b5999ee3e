package dev.mq.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.Envelope;
import dev.mq.benchmarks.internal.BaselineTransport;
import dev.mq.benchmarks.internal.MessageFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs every benchmark method's code path a few times with tiny batches, outside JMH, so that a
 * change to the provider or the harness that breaks a benchmark fails the build instead of the
 * next benchmark run.
 */
class BenchmarkSmokeTest {

  private static final int TINY_BATCH = 60;
  private static final int INVOCATIONS = 3;

  @ParameterizedTest(name = "keys={0}")
  @ValueSource(ints = {0, 16})
  void roundTripInMemoryDeliversEachPushedMessageOnceAndLeavesNothingBehind(int keys) {
    RoundTripBenchmark bench = new RoundTripBenchmark();
    bench.keys = keys;
    bench.setUp();
    RoundTripBenchmark.InMemory queue = new RoundTripBenchmark.InMemory();
    queue.open();
    try {
      for (int i = 0; i < TINY_BATCH; i++) {
        Envelope e = bench.inmemory(queue);
        assertThat(e.messageId()).isEqualTo("rt-" + i);
        assertThat(e.deliveryAttempt()).isEqualTo(1);
        assertThat(e.bodySize()).isEqualTo(MessageFactory.BODY_SIZE);
        assertThat(e.partitionKey().isPresent()).isEqualTo(keys > 0);
      }
      assertThat(queue.transport.receiveNow()).isNull();
    } finally {
      queue.close();
    }
  }

  @ParameterizedTest(name = "keys={0}")
  @ValueSource(ints = {0, 16})
  void roundTripBaselineCountsEveryMessage(int keys) {
    RoundTripBenchmark bench = new RoundTripBenchmark();
    bench.keys = keys;
    bench.setUp();
    RoundTripBenchmark.Baseline queue = new RoundTripBenchmark.Baseline();
    queue.open();
    try {
      for (int i = 0; i < TINY_BATCH; i++) {
        assertThat(bench.baseline(queue).messageId()).isEqualTo("rt-" + i);
      }
      assertThat(((BaselineTransport) queue.transport).settledCount()).isEqualTo(TINY_BATCH);
      assertThat(queue.transport.receiveNow()).isNull();
    } finally {
      queue.close();
    }
  }

  @ParameterizedTest(name = "pairs={0}, keys={1}")
  @CsvSource({"1,0", "1,16", "2,0", "2,16"})
  void pipelineInMemoryMovesWholeBatches(int pairs, int keys) throws Exception {
    PipelineBenchmark bench = pipeline(pairs, keys);
    PipelineBenchmark.InMemory state = new PipelineBenchmark.InMemory();
    state.open(bench);
    try {
      for (int i = 0; i < INVOCATIONS; i++) {
        bench.inmemory(state);
      }
    } finally {
      state.close();
    }
  }

  @ParameterizedTest(name = "pairs={0}, keys={1}")
  @CsvSource({"1,0", "1,16", "2,0", "2,16"})
  void pipelineBaselineMovesWholeBatches(int pairs, int keys) throws Exception {
    PipelineBenchmark bench = pipeline(pairs, keys);
    PipelineBenchmark.Baseline state = new PipelineBenchmark.Baseline();
    state.open(bench);
    try {
      for (int i = 0; i < INVOCATIONS; i++) {
        bench.baseline(state);
      }
      assertThat(((BaselineTransport) state.transport).settledCount())
          .isEqualTo((long) INVOCATIONS * TINY_BATCH);
    } finally {
      state.close();
    }
  }

  @ParameterizedTest(name = "concurrency={0}, keys={1}")
  @CsvSource({"1,0", "1,16", "2,0", "2,16"})
  void subscribeInMemoryDrainsAndAcknowledgesEveryBatch(int concurrency, int keys) throws Exception {
    SubscribeBenchmark bench = subscribe(concurrency, keys);
    SubscribeBenchmark.InMemory state = new SubscribeBenchmark.InMemory();
    state.open(bench);
    try {
      for (int i = 0; i < INVOCATIONS; i++) {
        state.fill();
        bench.inmemory(state);
      }
      // Every message was acknowledged when the subscription closed: nothing is left to dequeue.
      assertThat(state.transport.receiveNow()).isNull();
    } finally {
      state.close();
    }
  }

  @ParameterizedTest(name = "concurrency={0}, keys={1}")
  @CsvSource({"1,0", "1,16", "2,0", "2,16"})
  void subscribeBaselineDrainsEveryBatch(int concurrency, int keys) throws Exception {
    SubscribeBenchmark bench = subscribe(concurrency, keys);
    SubscribeBenchmark.Baseline state = new SubscribeBenchmark.Baseline();
    state.open(bench);
    try {
      for (int i = 0; i < INVOCATIONS; i++) {
        state.fill();
        bench.baseline(state);
      }
      assertThat(((BaselineTransport) state.transport).settledCount())
          .isEqualTo((long) INVOCATIONS * TINY_BATCH);
      assertThat(state.transport.receiveNow()).isNull();
    } finally {
      state.close();
    }
  }

  @Test
  void jmhGeneratedAHarnessForEveryBenchmarkMethod() throws IOException {
    String list;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/BenchmarkList")) {
      assertThat(in).as("META-INF/BenchmarkList from the JMH annotation processor").isNotNull();
      list = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    for (String cls : new String[] {"RoundTripBenchmark", "PipelineBenchmark", "SubscribeBenchmark"}) {
      for (String method : new String[] {"inmemory", "baseline"}) {
        assertThat(list).contains("dev.mq.benchmarks.jmh_generated." + cls + "_" + method + "_jmhTest");
      }
    }
  }

  private static PipelineBenchmark pipeline(int pairs, int keys) {
    PipelineBenchmark bench = new PipelineBenchmark();
    bench.pairs = pairs;
    bench.keys = keys;
    bench.batchSize = TINY_BATCH;
    return bench;
  }

  private static SubscribeBenchmark subscribe(int concurrency, int keys) {
    SubscribeBenchmark bench = new SubscribeBenchmark();
    bench.concurrency = concurrency;
    bench.keys = keys;
    bench.batchSize = TINY_BATCH;
    return bench;
  }
}
