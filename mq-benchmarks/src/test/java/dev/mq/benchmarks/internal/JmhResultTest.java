package dev.mq.benchmarks.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JmhResultTest {

  static String sample() throws IOException {
    try (InputStream in = JmhResultTest.class.getResourceAsStream("/jmh-sample.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void readsJmhsOwnOutput() throws IOException {
    List<JmhResult> results = JmhResult.parseAll(sample());
    assertThat(results).hasSize(5);
    JmhResult first = results.get(0);
    assertThat(first.benchmark()).isEqualTo("dev.mq.benchmarks.PipelineBenchmark.inmemory");
    assertThat(first.benchmarkClass()).isEqualTo("PipelineBenchmark");
    assertThat(first.method()).isEqualTo("inmemory");
    assertThat(first.params()).isEqualTo(Map.of("keys", "16", "pairs", "2"));
    assertThat(first.score()).isEqualTo(500_000.0);
    assertThat(first.error()).isNaN();
    assertThat(first.unit()).isEqualTo("ops/s");
    assertThat(results.get(2).error()).isEqualTo(100_000.0);
  }

  @Test
  void aRunWithoutParamsHasNone() {
    List<JmhResult> r = JmhResult.parseAll("[{\"benchmark\":\"a.B.m\",\"primaryMetric\":"
        + "{\"score\":1,\"scoreError\":\"NaN\",\"scoreUnit\":\"ops/s\"}}]");
    assertThat(r.get(0).params()).isEmpty();
  }

  @Test
  void rejectsDocumentsNotShapedLikeJmhOutput() {
    assertThatThrownBy(() -> JmhResult.parseAll("{}")).hasMessageContaining("JSON array");
    assertThatThrownBy(() -> JmhResult.parseAll("[1]")).hasMessageContaining("each result");
    assertThatThrownBy(() -> JmhResult.parseAll("[{\"benchmark\":\"a.B.m\"}]"))
        .hasMessageContaining("primaryMetric");
    assertThatThrownBy(() -> JmhResult.parseAll("[{\"benchmark\":\"a.B.m\",\"primaryMetric\":"
        + "{\"score\":\"fast\",\"scoreError\":1,\"scoreUnit\":\"ops/s\"}}]"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("score must be a number");
    assertThatThrownBy(() -> JmhResult.parseAll("[{\"benchmark\":7,\"primaryMetric\":"
        + "{\"score\":1,\"scoreError\":1,\"scoreUnit\":\"ops/s\"}}]"))
        .hasMessageContaining("benchmark must be a string");
  }
}
