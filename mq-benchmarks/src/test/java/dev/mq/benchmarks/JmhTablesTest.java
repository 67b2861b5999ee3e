package dev.mq.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mq.benchmarks.internal.RatioTable.Score;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;
import org.openjdk.jmh.runner.WorkloadParams;
import org.openjdk.jmh.runner.options.TimeValue;

class JmhTablesTest {

  @TempDir
  Path dir;

  @Test
  void namesAScoreByClassMethodAndParamsAsJmhReportsThem() {
    WorkloadParams workload = new WorkloadParams();
    workload.put("pairs", "2", 0);
    workload.put("keys", "16", 1);
    IterationParams iterations = new IterationParams(IterationType.MEASUREMENT, 1, TimeValue.seconds(1), 1);
    BenchmarkParams params = new BenchmarkParams("dev.mq.benchmarks.PipelineBenchmark.inmemory",
        "generated", false, 1, new int[] {1}, List.of("x"), 1, 0, iterations, iterations,
        Mode.Throughput, workload, TimeUnit.SECONDS, 1, "java", List.of(), "17", "vm", "17", "1.37",
        TimeValue.seconds(10));
    Score s = JmhTables.score(params, 5.0, 1.0);
    assertThat(s).isEqualTo(new Score("PipelineBenchmark", "inmemory",
        Map.of("keys", "16", "pairs", "2"), 5.0, 1.0));
  }

  @Test
  void theObservabilityBenchmarkGetsItsOwnTable() {
    Map<String, String> tables = JmhTables.tables(List.of(
        new Score("RoundTripBenchmark", "inmemory", Map.of("keys", "0"), 1, 0),
        new Score("RoundTripBenchmark", "baseline", Map.of("keys", "0"), 2, 0),
        new Score("ObservabilityBenchmark", "inmemory", Map.of("telemetry", "noop"), 1_000_000, 0),
        new Score("ObservabilityBenchmark", "baseline", Map.of("telemetry", "noop"), 2_000_000, 0)));
    assertThat(tables.keySet()).containsExactly(JmhTables.PAIRS_FILE, JmhTables.OVERHEAD_FILE);
    assertThat(tables.get(JmhTables.PAIRS_FILE)).contains("| RoundTripBenchmark | keys=0 |")
        .doesNotContain("Observability");
    assertThat(tables.get(JmhTables.OVERHEAD_FILE)).contains("| ObservabilityBenchmark | telemetry=noop |")
        .contains("0.50 µs").doesNotContain("RoundTrip");
    assertThat(JmhTables.tables(List.of(new Score("ObservabilityBenchmark", "inmemory", Map.of(), 1, 0))))
        .containsOnlyKeys(JmhTables.OVERHEAD_FILE);
  }

  @Test
  void updateDocReplacesTheNamedSectionAndRefusesADocumentWithoutIt() throws Exception {
    Path doc = Files.writeString(dir.resolve("doc.md"),
        "# B\n<!-- sqs-results:begin -->\nstale\n<!-- sqs-results:end -->\nkept\n");
    Path section = Files.writeString(dir.resolve("sqs.md"), "| new |\n");
    UpdateDoc.update(doc, "sqs-results", section);
    assertThat(Files.readString(doc))
        .isEqualTo("# B\n<!-- sqs-results:begin -->\n| new |\n<!-- sqs-results:end -->\nkept\n");
    assertThatThrownBy(() -> UpdateDoc.update(doc, "kinesis-results", section))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kinesis-results:begin");
  }
}
