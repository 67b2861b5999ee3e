package dev.mq.benchmarks.internal.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.xml.sax.InputSource;

class FigureAndReportTest {

  private final Figure met = new Figure("producer", "kinesalite", "pushAll", 900, "loop", 1000,
      "msg/s", 0.8, true, "rounds 1..2");
  private final Figure missed = new Figure("producer", "kinesalite", "push <32>", 500, "loop",
      1000, "msg/s", 0.8, true, "a|b");
  private final Figure latency = new Figure("latency", "kinesalite", "p50", 300, "loop", 200, "ms",
      Double.NaN, false, "");

  @Test
  void ratioAndVerdictFollowTheTargetDirection() {
    assertThat(met.ratio()).isEqualTo(0.9);
    assertThat(met.verdict()).isEqualTo("yes");
    assertThat(missed.verdict()).isEqualTo("NO");
    assertThat(latency.verdict()).isEqualTo("-");
    assertThat(new Figure("x", "s", "n", 1, "b", 2, "ms", 0.6, false, "").verdict()).isEqualTo("yes");
    assertThat(new Figure("x", "s", "n", 1, "b", 0, "ms", 0.6, false, "").ratio()).isNaN();
    assertThat(met.targetText()).isEqualTo(">= 0.80");
  }

  @Test
  void formatsWithGroupingAndFewDigits() {
    assertThat(Figure.format(12345.6)).isEqualTo("12,346");
    assertThat(Figure.format(12.34)).isEqualTo("12.3");
    assertThat(Figure.format(0.8123)).isEqualTo("0.81");
    assertThat(Figure.format(Double.NaN)).isEqualTo("n/a");
  }

  @Test
  void tablesHaveOneRowPerFigure() {
    String table = Report.table(List.of(met, missed, latency));
    assertThat(table.split("\n")).hasSize(5);
    assertThat(table).contains("0.90x").contains("NO");
    String md = Report.markdown(List.of(met, missed));
    assertThat(md.split("\n")).hasSize(4);
    assertThat(md).contains("| a/b |").contains("| producer | kinesalite | pushAll | 900 msg/s |");
  }

  @Test
  void chartIsWellFormedSvgWithEscapedText() throws Exception {
    String svg = Chart.svg("title & more", List.of(met, missed, latency));
    assertThat(svg).contains("push &lt;32&gt;").contains("title &amp; more");
    DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new InputSource(new StringReader(svg)));
  }

  @Test
  void statsTakeTheMedianAndNearestRankPercentiles() {
    assertThat(Stats.of(List.of(3.0, 1.0, 2.0))).isEqualTo(new Stats(2, 1, 3));
    assertThat(Stats.of(List.of(4.0, 1.0, 2.0, 3.0)).median()).isEqualTo(2.5);
    double[] v = Stats.sorted(new double[] {5, 1, 4, 2, 3, 10, 9, 8, 7, 6});
    assertThat(Stats.percentile(v, 50)).isEqualTo(5);
    assertThat(Stats.percentile(v, 99)).isEqualTo(10);
    assertThat(Stats.percentile(new double[0], 50)).isNaN();
  }

  @Test
  void memoryChildResultLineIsParsed() {
    assertThat(MemoryScenario.fields("received=5 seconds=1.50 peakAfterGcMiB=9.1"))
        .containsEntry("received", "5").containsEntry("seconds", "1.50")
        .containsEntry("peakAfterGcMiB", "9.1");
  }
}
