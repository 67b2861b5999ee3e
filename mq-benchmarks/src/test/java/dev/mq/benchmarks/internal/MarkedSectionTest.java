package dev.mq.benchmarks.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MarkedSectionTest {

  private static final String DOC = "# Title\nintro\n" + MarkedSection.BEGIN + "\nold table\n"
      + MarkedSection.END + "\nanalysis\n";

  @Test
  void replacesOnlyTheMarkedSectionAndIsRepeatable() {
    String once = MarkedSection.replace(DOC, "new table");
    assertThat(once).isEqualTo("# Title\nintro\n" + MarkedSection.BEGIN + "\nnew table\n"
        + MarkedSection.END + "\nanalysis\n");
    assertThat(MarkedSection.replace(once, "new table\n")).isEqualTo(once);
  }

  @Test
  void rejectsMissingRepeatedOrReversedMarkers() {
    assertThatThrownBy(() -> MarkedSection.replace("no markers", "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a line");
    assertThatThrownBy(() -> MarkedSection.replace(MarkedSection.END + "\n" + MarkedSection.BEGIN, "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MarkedSection.replace(DOC + DOC, "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("appear once");
  }

  @Test
  void namedSectionsAreReplacedIndependently() {
    String doc = "a\n" + MarkedSection.BEGIN + "\njmh\n" + MarkedSection.END
        + "\n<!-- kinesis-results:begin -->\nold\n<!-- kinesis-results:end -->\nz\n";
    assertThat(MarkedSection.replace(doc, "kinesis-results", "new")).isEqualTo("a\n"
        + MarkedSection.BEGIN + "\njmh\n" + MarkedSection.END
        + "\n<!-- kinesis-results:begin -->\nnew\n<!-- kinesis-results:end -->\nz\n");
    assertThatThrownBy(() -> MarkedSection.replace(doc, "other", "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("<!-- other:begin -->");
  }
}
