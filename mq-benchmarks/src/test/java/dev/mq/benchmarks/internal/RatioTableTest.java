package dev.mq.benchmarks.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RatioTableTest {

  private static JmhResult result(String method, double score, double error, String keys) {
    return new JmhResult("dev.mq.benchmarks.XBenchmark." + method, Map.of("keys", keys), score, error,
        "ops/s");
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
  void rendersTheSampleRunAsMarkdown() throws IOException {
    String md = RatioTable.of(JmhResult.parseAll(JmhResultTest.sample())).toMarkdown();
    assertThat(md).contains("| PipelineBenchmark | keys=16, pairs=2 | 500,000 | 2,000,000 | 0.250 | n/a | **no** |");
    assertThat(md).contains("| RoundTripBenchmark | keys=16 | 600,000 ± 60,000 | 1,000,000 ± 100,000 | 0.600 | 0.49 – 0.73 | yes |");
    assertThat(md).contains("| SubscribeBenchmark | concurrency=2, keys=16 | missing |");
    assertThat(md).contains("1 of 2 pairs reach 0.5x of the baseline; 1 without a counterpart.");
  }
}
