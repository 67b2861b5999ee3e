package dev.mq.kinesis.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FigureTest {

  private static Figure latency(String p, double value, double baseline) {
    return new Figure("latency", "s", "push->handler " + p + ", polling", value, "loop", baseline,
        "ms", Double.NaN, "");
  }

  @Test
  void saneFiguresHaveNoProblemsAndShowTheirVerdict() {
    List<Figure> figures = List.of(
        new Figure("producer", "s", "pushAll", 900, "loop", 1000, "msg/s", 0.8, "rounds"),
        new Figure("producer", "s", "push", 100, "loop", 1000, "msg/s", 0.8, ""),
        latency("p50", 100, 90), latency("p99", 200, 190), latency("max", 200, 195));
    assertThat(Figure.problems(figures)).isEmpty();
    assertThat(Figure.markdown(figures))
        .contains("| producer | s | pushAll | 900 msg/s | loop | 1,000 msg/s | 0.90x | >= 0.80 | yes | rounds |")
        .contains("| 0.10x | >= 0.80 | **no** |")
        .contains("| 100 ms | loop | 90.0 ms | 1.11x | - | - |");
  }

  @Test
  void percentilesOutOfOrderOrNonPositiveValuesAreProblems() {
    assertThat(Figure.problems(List.of(latency("p50", 100, 90), latency("p99", 90, 190),
        latency("max", 200, 195)))).singleElement().asString().startsWith("percentiles out of order");
    assertThat(Figure.problems(List.of(latency("p50", 1, 1), latency("p99", 2, 2),
        latency("max", 3, 1)))).hasSize(1);
    assertThat(Figure.problems(List.of(
        new Figure("consumer", "s", "x", Double.NaN, "loop", 1, "msg/s", 0.8, ""),
        new Figure("consumer", "s", "y", 1, "loop", 0, "msg/s", 0.8, ""),
        new Figure("consumer", "s", "z", Double.POSITIVE_INFINITY, "loop", 1, "msg/s", 0.8, ""))))
        .hasSize(3);
  }
}
