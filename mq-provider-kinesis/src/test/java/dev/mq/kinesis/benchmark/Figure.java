package dev.mq.kinesis.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One measured figure next to its baseline from the same run, on the same emulator.
 *
 * @param scenario producer, consumer or latency
 * @param server the emulator that answered
 * @param name what was measured, e.g. {@code push (32 callers)}
 * @param value the figure
 * @param baselineName what it is compared with
 * @param baseline the baseline's figure in the same unit
 * @param unit {@code msg/s} or {@code ms}
 * @param target the ratio to reach ({@code ratio >= target}), or {@code NaN} for none
 * @param note spread over the rounds and counts, may be empty
 */
record Figure(String scenario, String server, String name, double value, String baselineName,
    double baseline, String unit, double target, String note) {

  /** {@code value / baseline}. */
  double ratio() {
    return value / baseline;
  }

  /** The figures as a markdown table. */
  static String markdown(List<Figure> figures) {
    StringBuilder sb = new StringBuilder("| scenario | server | measured | value | baseline "
        + "| baseline value | ratio | target | met | notes |\n"
        + "| --- | --- | --- | ---: | --- | ---: | ---: | --- | --- | --- |\n");
    for (Figure f : figures) {
      boolean hasTarget = !Double.isNaN(f.target());
      sb.append("| ").append(String.join(" | ", f.scenario(), f.server(), f.name(),
          format(f.value()) + " " + f.unit(), f.baselineName(), format(f.baseline()) + " " + f.unit(),
          format(f.ratio()) + "x", hasTarget ? ">= " + format(f.target()) : "-",
          !hasTarget ? "-" : f.ratio() >= f.target() ? "yes" : "**no**", f.note())).append(" |\n");
    }
    return sb.toString();
  }

  /**
   * What is wrong with these figures as a benchmark result: a value or baseline that is not
   * positive and finite, or latency percentiles out of order (p50 &gt; p99 &gt; max). Empty when
   * all are sane; timings themselves are not judged.
   */
  static List<String> problems(List<Figure> figures) {
    List<String> problems = new ArrayList<>();
    for (Figure f : figures) {
      if (!(f.value() > 0 && f.baseline() > 0) || Double.isInfinite(f.value() + f.baseline())) {
        problems.add("not positive and finite: " + f);
      }
    }
    for (int i = 0; i + 2 < figures.size(); i++) {
      Figure p50 = figures.get(i);
      if (p50.name().contains(" p50")) {
        Figure p99 = figures.get(i + 1);
        Figure max = figures.get(i + 2);
        if (!(p50.value() <= p99.value() && p99.value() <= max.value()
            && p50.baseline() <= p99.baseline() && p99.baseline() <= max.baseline())) {
          problems.add("percentiles out of order: " + p50 + ", " + p99 + ", " + max);
        }
      }
    }
    return problems;
  }

  /** At most three significant digits, thousands grouped. */
  static String format(double v) {
    double a = Math.abs(v);
    return String.format(Locale.ROOT, a >= 100 ? "%,.0f" : a >= 10 ? "%.1f" : "%.2f", v);
  }
}
