package dev.mq.benchmarks.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MarkedSectionTest {

  private static final String BEGIN = MarkedSection.begin("results");
  private static final String END = MarkedSection.end("results");
  private static final String DOC = "# Title\nintro\n" + BEGIN + "\nold table\n" + END + "\nanalysis\n";

  @Test
  void replacesOnlyTheMarkedSectionAndIsRepeatable() {
    String once = MarkedSection.replace(DOC, "results", "new table");
    assertThat(once).isEqualTo("# Title\nintro\n<!-- results:begin -->\nnew table\n"
        + "<!-- results:end -->\nanalysis\n");
    assertThat(MarkedSection.replace(once, "results", "new table\n")).isEqualTo(once);
  }

  @Test
  void rejectsMissingRepeatedOrReversedMarkers() {
    assertThatThrownBy(() -> MarkedSection.replace("no markers", "results", "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a line");
    assertThatThrownBy(() -> MarkedSection.replace(END + "\n" + BEGIN, "results", "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MarkedSection.replace(DOC + DOC, "results", "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("appear once");
  }

  @Test
  void namedSectionsAreReplacedIndependently() {
    String doc = "a\n" + BEGIN + "\njmh\n" + END
        + "\n<!-- kinesis-results:begin -->\nold\n<!-- kinesis-results:end -->\nz\n";
    assertThat(MarkedSection.replace(doc, "kinesis-results", "new")).isEqualTo("a\n"
        + BEGIN + "\njmh\n" + END
        + "\n<!-- kinesis-results:begin -->\nnew\n<!-- kinesis-results:end -->\nz\n");
    assertThatThrownBy(() -> MarkedSection.replace(doc, "other", "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("<!-- other:begin -->");
  }
}
