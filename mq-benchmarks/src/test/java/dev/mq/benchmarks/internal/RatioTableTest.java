package dev.mq.benchmarks.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RatioTableTest {

  private static RatioTable.Score result(String method, double score, double error, String keys) {
    return new RatioTable.Score("XBenchmark", method, Map.of("keys", keys), score, error);
  }

  @Test
  void pairsByClassAndParamsAndComputesTheRatioWithItsRange() {
    RatioTable t = RatioTable.of(List.of(
        result("inmemory", 600, 60, "0"),
        result("baseline", 2000, 0, "16"),
        result("baseline", 1000, 100, "0"),
        result("inmemory", 500, 0, "16")));
    assertThat(t.rows()).hasSize(2);
    RatioTable.Row r = t.rows().get(0);
    assertThat(r.params()).isEqualTo(Map.of("keys", "0"));
    assertThat(r.ratio()).isCloseTo(0.6, within(1e-9));
    assertThat(r.ratioLow()).isCloseTo(540.0 / 1100, within(1e-9));
    assertThat(r.ratioHigh()).isCloseTo(660.0 / 900, within(1e-9));
    assertThat(r.meetsTarget()).isTrue();
    assertThat(t.rows().get(1).ratio()).isCloseTo(0.25, within(1e-9));
    assertThat(t.rows().get(1).meetsTarget()).isFalse();
  }

  @Test
  void exactlyHalfMeetsTheTarget() {
    RatioTable t = RatioTable.of(List.of(result("inmemory", 50, 0, "0"), result("baseline", 100, 0, "0")));
    assertThat(t.rows().get(0).meetsTarget()).isTrue();
  }

  @Test
  void aRatioJustUnderTheTargetDoesNotPrintAsTheTarget() {
    RatioTable t = RatioTable.of(List.of(result("inmemory", 4992, 0, "0"), result("baseline", 10000, 0, "0")));
    assertThat(t.toMarkdown()).contains("| 0.499 | 0.50 – 0.50 | **no** |");
  }

  @Test
  void aMissingSideGivesNoRatio() {
    RatioTable t = RatioTable.of(List.of(result("inmemory", 5, 1, "0"), result("other", 1, 1, "0")));
    RatioTable.Row r = t.rows().get(0);
    assertThat(r.complete()).isFalse();
    assertThat(r.ratio()).isNaN();
    assertThat(r.ratioLow()).isNaN();
    assertThat(r.ratioHigh()).isNaN();
    assertThat(r.meetsTarget()).isFalse();
    assertThat(t.toMarkdown()).contains("| missing |").contains("0 of 0 pairs").contains("1 without a counterpart");
  }

  @Test
  void anErrorBarReachingZeroGivesAnOpenRange() {
    RatioTable t = RatioTable.of(List.of(result("inmemory", 5, 1, "0"), result("baseline", 10, 10, "0")));
    assertThat(t.rows().get(0).ratioHigh()).isInfinite();
    assertThat(t.toMarkdown()).contains("∞");
    RatioTable noisy = RatioTable.of(List.of(result("inmemory", 5, 9, "0"), result("baseline", 10, 1, "0")));
    assertThat(noisy.rows().get(0).ratioLow()).isZero();
  }

  @Test
  void anUnknownErrorGivesNoRangeButStillARatio() {
    RatioTable t = RatioTable.of(List.of(result("inmemory", 5, Double.NaN, "0"), result("baseline", 10, 1, "0")));
    RatioTable.Row r = t.rows().get(0);
    assertThat(r.ratio()).isCloseTo(0.5, within(1e-9));
    assertThat(r.ratioLow()).isNaN();
    assertThat(r.ratioHigh()).isNaN();
    assertThat(t.toMarkdown()).contains("| 0.500 | n/a | yes |");
  }

  @Test
  void rejectsTwoResultsForOneSide() {
    assertThatThrownBy(() -> RatioTable.of(List.of(result("baseline", 1, 0, "0"), result("baseline", 2, 0, "0"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two results");
  }

  @Test
  void rendersRowsInResultOrderWithTheirCount() {
    String md = RatioTable.of(List.of(
        new RatioTable.Score("PipelineBenchmark", "inmemory", Map.of("keys", "16"), 500_000, Double.NaN),
        new RatioTable.Score("RoundTripBenchmark", "inmemory", Map.of("keys", "16"), 600_000, 60_000),
        new RatioTable.Score("PipelineBenchmark", "baseline", Map.of("keys", "16"), 2_000_000, Double.NaN),
        new RatioTable.Score("RoundTripBenchmark", "baseline", Map.of("keys", "16"), 1_000_000, 100_000),
        new RatioTable.Score("SubscribeBenchmark", "inmemory", Map.of(), 1, 0))).toMarkdown();
    assertThat(md).contains("| PipelineBenchmark | keys=16 | 500,000 | 2,000,000 | 0.250 | n/a | **no** |\n"
        + "| RoundTripBenchmark | keys=16 | 600,000 ± 60,000 | 1,000,000 ± 100,000 | 0.600 | 0.49 – 0.73 | yes |");
    assertThat(md).contains("| SubscribeBenchmark | - | 1 ± 0 | missing |");
    assertThat(md).contains("1 of 2 pairs reach 0.5x of the baseline; 1 without a counterpart.");
  }

  @Test
  void theOverheadTableGivesTheTimeAddedPerOperation() {
    String md = RatioTable.of(List.of(result("inmemory", 1_000_000, 0, "0"),
        result("baseline", 4_000_000, 0, "0"))).toOverheadMarkdown();
    assertThat(md).contains("| instrumented (msgs/s) | plain (msgs/s) |")
        .contains("| 0.250 | 0.25 – 0.25 | 0.75 µs |").doesNotContain("pairs reach");
  }
}
