package dev.mq.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Calls both sides of {@link ObservabilityBenchmark} a few times outside JMH, with each
 * telemetry setup, so that a broken benchmark fails the build; measures nothing.
 */
class ObservabilityBenchmarkSmokeTest {

  @ParameterizedTest
  @ValueSource(strings = {"noop", "sdk"})
  void bothSidesRoundTripEveryMessage(String telemetry) {
    ObservabilityBenchmark bench = new ObservabilityBenchmark();
    bench.telemetry = telemetry;
    bench.setUp();
    ObservabilityBenchmark.Instrumented instrumented = new ObservabilityBenchmark.Instrumented();
    ObservabilityBenchmark.Plain plain = new ObservabilityBenchmark.Plain();
    instrumented.open(bench);
    plain.open();
    try {
      for (int i = 0; i < 60; i++) {
        assertThat(bench.inmemory(instrumented).property("traceparent").isPresent())
            .as("trace context carried with the sdk setup only").isEqualTo(telemetry.equals("sdk"));
        assertThat(bench.baseline(plain).property("traceparent")).isEmpty();
      }
      assertThat(instrumented.queue.dequeue()).isEmpty();
      assertThat(plain.queue.dequeue()).isEmpty();
    } finally {
      instrumented.close();
      plain.close();
    }
  }
}
