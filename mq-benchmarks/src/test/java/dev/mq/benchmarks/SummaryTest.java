package dev.mq.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mq.benchmarks.internal.MarkedSection;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryTest {

  @TempDir
  Path dir;

  private Path sampleJson() throws Exception {
    Path json = dir.resolve("jmh.json");
    try (InputStream in = getClass().getResourceAsStream("/jmh-sample.json")) {
      Files.copy(in, json);
    }
    return json;
  }

  @Test
  void printsWritesAndUpdatesTheDocument() throws Exception {
    Path json = sampleJson();
    Path machine = Files.writeString(dir.resolve("machine.txt"), "$ nproc\n2\n");
    Path out = dir.resolve("summary.md");
    Path doc = Files.writeString(dir.resolve("benchmarks.md"),
        "# Benchmarks\n" + MarkedSection.BEGIN + "\nstale\n" + MarkedSection.END + "\n## Analysis\nkept\n");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();

    Summary.run(new String[] {"--json", json.toString(), "--machine", machine.toString(),
        "--out", out.toString(), "--doc", doc.toString()}, new PrintStream(printed, true, StandardCharsets.UTF_8));

    String table = printed.toString(StandardCharsets.UTF_8);
    assertThat(table).contains("from `jmh.json`").contains("| RoundTripBenchmark | keys=16 |")
        .contains("```\n$ nproc\n2\n```");
    assertThat(Files.readString(out)).isEqualTo(table);
    String updated = Files.readString(doc);
    assertThat(updated).doesNotContain("stale").contains(table).endsWith("## Analysis\nkept\n");
  }

  @Test
  void badArgumentsAreExplained() {
    PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Summary.run(new String[] {}, sink))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--json is required");
    assertThatThrownBy(() -> Summary.run(new String[] {"--jsn", "x"}, sink))
        .hasMessageContaining("unknown argument '--jsn'").hasMessageContaining("usage:");
    assertThatThrownBy(() -> Summary.run(new String[] {"--json"}, sink))
        .hasMessageContaining("--json needs a value");
  }

  @Test
  void aMissingResultFileOrMarkerlessDocumentFails() throws Exception {
    PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Summary.run(new String[] {"--json", dir.resolve("none.json").toString()}, sink))
        .isInstanceOf(NoSuchFileException.class);
    Path doc = Files.writeString(dir.resolve("plain.md"), "# no markers\n");
    Path json = sampleJson();
    assertThatThrownBy(() -> Summary.run(new String[] {"--json", json.toString(), "--doc", doc.toString()}, sink))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(MarkedSection.BEGIN);
    assertThat(Files.readString(doc)).isEqualTo("# no markers\n");
  }

  @Test
  void aMalformedResultFileNamesTheProblem() throws Exception {
    Path json = Files.writeString(dir.resolve("bad.json"), "[{\"benchmark\": ");
    PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Summary.run(new String[] {"--json", json.toString()}, sink))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid JSON at offset");
  }
}
