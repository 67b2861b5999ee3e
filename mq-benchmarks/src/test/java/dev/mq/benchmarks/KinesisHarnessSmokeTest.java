package dev.mq.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mq.benchmarks.internal.kinesis.Figure;
import dev.mq.benchmarks.internal.kinesis.Sizes;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xml.sax.InputSource;

/**
 * Runs every Kinesis scenario with tiny counts against emulators the harness starts itself
 * (kinesalite for all of them, kinesis-local for producer, consumer and latency), and checks that
 * every figure is present and sane and that the outputs are written. It checks no timings: the
 * figures of a tiny run mean nothing.
 */
class KinesisHarnessSmokeTest {

  @TempDir
  Path dir;

  @Test
  void everyScenarioProducesSaneFiguresAndTheOutputs() throws Exception {
    Path doc = dir.resolve("benchmarks.md");
    Files.writeString(doc, "# doc\n<!-- kinesis-results:begin -->\nold\n<!-- kinesis-results:end -->\nrest\n");
    Path chart = dir.resolve("chart.svg");
    KinesisHarness.Options o = KinesisHarness.Options.parse("--size", "smoke",
        "--out", dir.resolve("out").toString(), "--doc", doc.toString(), "--chart", chart.toString(),
        "--command", "the-command").withSizes(Sizes.smoke());

    List<Figure> figures = KinesisHarness.run(o);

    Map<String, Long> perScenario = figures.stream()
        .collect(Collectors.groupingBy(f -> f.scenario() + "/" + f.server(), Collectors.counting()));
    assertThat(perScenario).containsEntry("producer/kinesalite", 8L)
        .containsEntry("producer/kinesis-local", 8L)
        .containsEntry("consumer/kinesalite", 3L).containsEntry("consumer/kinesis-local", 3L)
        .containsEntry("latency/kinesalite", 3L)
        .containsEntry("latency/kinesis-local", 6L)
        .containsEntry("shard-limits/kinesalite", 3L).containsEntry("memory/kinesalite", 2L)
        .hasSize(8);
    for (Figure f : figures) {
      assertThat(f.baseline()).as("baseline of %s", f).isFinite().isPositive();
      if (f.scenario().equals("shard-limits")) {
        // a rate over a one-second window of a two-second run may hold no finished pushAll yet
        assertThat(f.value()).as("value of %s", f).isFinite().isNotNegative();
      } else {
        assertThat(f.value()).as("value of %s", f).isFinite().isPositive();
        assertThat(f.ratio()).as("ratio of %s", f).isFinite().isPositive();
      }
      assertThat(f.verdict()).isIn("yes", "NO", "-");
    }
    figures.stream().filter(f -> f.scenario().equals("shard-limits"))
        .forEach(f -> assertThat(f.note()).as(f.toString()).contains(", lost 0,")
            .doesNotContain("LOST"));
    figures.stream().filter(f -> f.scenario().equals("latency"))
        .collect(Collectors.groupingBy(f -> f.server() + f.name().replaceAll(" p50| p99| max", ""),
            Collectors.toMap(f -> f.name().replaceAll(".*(p50|p99|max).*", "$1"), Function.identity())))
        .values().forEach(p -> {
          assertThat(p.get("p50").value()).isLessThanOrEqualTo(p.get("p99").value());
          assertThat(p.get("p99").value()).isLessThanOrEqualTo(p.get("max").value());
        });
    figures.stream().filter(f -> f.unit().equals("MiB"))
        .forEach(f -> assertThat(f.value()).as("peak heap under -Xmx128m").isLessThan(128));

    String written = Files.readString(doc, StandardCharsets.UTF_8);
    assertThat(written).startsWith("# doc\n<!-- kinesis-results:begin -->\n").endsWith(
        "<!-- kinesis-results:end -->\nrest\n").contains("Command: `the-command`")
        .contains("| producer | kinesalite | push (32 callers) |").contains("](chart.svg)")
        .doesNotContain("old");
    assertThat(written).contains("push->handler p50, fan-out");
    assertThat(dir.resolve("out").resolve("kinesis-summary.md")).exists();
    String svg = Files.readString(chart);
    assertThat(svg).isEqualTo(Files.readString(dir.resolve("out").resolve("kinesis-chart.svg")));
    DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new InputSource(new StringReader(svg)));
  }

  @Test
  void badArgumentsAreRefusedWithTheUsage() {
    assertThatThrownBy(() -> KinesisHarness.Options.parse("--size", "huge"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("usage:");
    assertThatThrownBy(() -> KinesisHarness.Options.parse("--servers", "localstack"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown server");
    assertThatThrownBy(() -> KinesisHarness.Options.parse("--scenarios", "producer,speed"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--scenarios");
    assertThatThrownBy(() -> KinesisHarness.Options.parse("--out"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing value");
    assertThatThrownBy(() -> KinesisHarness.Options.parse("--fast", "yes"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option");
  }
}
