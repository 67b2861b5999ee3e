package dev.mq.kinesis.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.kinesis.testing.KinesisEmulators;
import dev.mq.kinesis.testing.KinesisEndpoint;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Runs every comparison of {@link KinesisBenchmark} with tiny counts against the module's shared
 * emulator, so that a broken comparison fails the build: every figure must be there and sane
 * (positive and finite, p50 &lt;= p99 &lt;= max). No timing is judged.
 */
class KinesisBenchmarkSmokeTest {

  @Test
  void everyComparisonYieldsItsFigures() {
    KinesisEndpoint endpoint = KinesisEmulators.shared();
    boolean fanOut = endpoint.flavor() == KinesisEndpoint.Flavor.KINESIS_LOCAL;
    List<Figure> figures = KinesisBenchmark.measure(new BenchServer("smoke", endpoint), Sizes.SMOKE,
        Set.copyOf(KinesisBenchmark.SCENARIOS), fanOut, line -> { });

    assertThat(figures).extracting(Figure::name).containsExactlyElementsOf(expectedNames(fanOut));
    assertThat(Figure.problems(figures)).isEmpty();
    assertThat(Figure.markdown(figures).lines()).hasSize(figures.size() + 2);
  }

  private static List<String> expectedNames(boolean fanOut) {
    List<String> producers = List.of("push (32 callers)", "push (256 callers)",
        "pushAsync (1 caller)", "pushAll (4 callers, 500/list)");
    List<String> names = new java.util.ArrayList<>(producers);
    names.addAll(producers);
    names.addAll(List.of("dequeue+acknowledge (1 thread)", "subscribe (concurrency 4)",
        "subscribe (concurrency 4), max-records-per-call and read-ahead-records 1000"));
    for (String mode : fanOut ? List.of("polling 200ms", "fan-out") : List.of("polling 200ms")) {
      for (String p : List.of("p50", "p99", "max")) {
        names.add("push->handler " + p + ", " + mode);
      }
    }
    return names;
  }
}
