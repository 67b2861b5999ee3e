package dev.mq.benchmarks.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Pairs each {@code inmemory} benchmark with the {@code baseline} of the same class and
 * parameters, and renders the pairs as a markdown table with their ratio.
 */
public final class RatioTable {

  /** The performance target of the provider pairs: in-memory at least half the baseline. */
  public static final double TARGET_RATIO = 0.5;
  /** Method name of the measured side of a pair. */
  public static final String SUBJECT = "inmemory";
  /** Method name of the baseline side of a pair. */
  public static final String BASELINE = "baseline";

  /**
   * One benchmark's primary result, as JMH's {@code RunResult} reports it.
   *
   * @param benchmarkClass the benchmark class's simple name, e.g. {@code RoundTripBenchmark}
   * @param method the benchmark method, e.g. {@code inmemory}
   * @param params the JMH parameters, in JMH's order
   * @param score the mean score (operations per second)
   * @param error the half-width of the 99.9% confidence interval; NaN with too few samples
   */
  public record Score(String benchmarkClass, String method, Map<String, String> params,
      double score, double error) {}

  /**
   * One pair. Either side may be null when the run lacked it.
   *
   * @param benchmarkClass the benchmark class's simple name
   * @param params the parameters both sides ran with
   * @param subject the measured side
   * @param baseline the baseline side
   */
  public record Row(String benchmarkClass, Map<String, String> params, Score subject,
      Score baseline) {

    /** subject score / baseline score; NaN when a side is missing. */
    public double ratio() {
      return complete() ? subject.score() / baseline.score() : Double.NaN;
    }

    /** The lowest ratio the two error bars allow, at least 0; NaN when an error is unknown. */
    public double ratioLow() {
      return complete()
          ? Math.max(0, (subject.score() - subject.error()) / (baseline.score() + baseline.error()))
          : Double.NaN;
    }

    /** The highest ratio the two error bars allow; infinite when the baseline's bar reaches 0. */
    public double ratioHigh() {
      if (!complete() || Double.isNaN(subject.error()) || Double.isNaN(baseline.error())) {
        return Double.NaN;
      }
      double denominator = baseline.score() - baseline.error();
      return denominator > 0 ? (subject.score() + subject.error()) / denominator
          : Double.POSITIVE_INFINITY;
    }

    /** Microseconds the subject adds to one operation: {@code 1/subject - 1/baseline}. */
    public double addedMicros() {
      return complete() ? 1e6 / subject.score() - 1e6 / baseline.score() : Double.NaN;
    }

    /** True when both sides are present and the ratio reaches {@link #TARGET_RATIO}. */
    public boolean meetsTarget() {
      return complete() && ratio() >= TARGET_RATIO;
    }

    /** True when both sides are present. */
    public boolean complete() {
      return subject != null && baseline != null;
    }
  }

  private final List<Row> rows;

  private RatioTable(List<Row> rows) {
    this.rows = List.copyOf(rows);
  }

  /** Pairs the results; results of other method names are left out. */
  public static RatioTable of(List<Score> results) {
    Map<String, Score[]> pairs = new LinkedHashMap<>();
    for (Score r : results) {
      int side = r.method().equals(SUBJECT) ? 0 : r.method().equals(BASELINE) ? 1 : -1;
      if (side < 0) {
        continue;
      }
      String key = r.benchmarkClass() + " " + r.params();
      Score[] pair = pairs.computeIfAbsent(key, k -> new Score[2]);
      if (pair[side] != null) {
        throw new IllegalArgumentException("two results for " + r.benchmarkClass() + "."
            + r.method() + " " + r.params());
      }
      pair[side] = r;
    }
    List<Row> rows = new ArrayList<>();
    for (Score[] pair : pairs.values()) {
      Score any = pair[0] != null ? pair[0] : pair[1];
      rows.add(new Row(any.benchmarkClass(), any.params(), pair[0], pair[1]));
    }
    return new RatioTable(rows);
  }

  /** The pairs, in the order of the results. */
  public List<Row> rows() {
    return rows;
  }

  /**
   * The provider pairs as markdown: a last column saying whether the pair reaches
   * {@link #TARGET_RATIO}, and a closing line that counts them.
   */
  public String toMarkdown() {
    StringBuilder sb = header("in-memory", "baseline", ">= " + TARGET_RATIO + "x", ":---:");
    int complete = 0;
    int missed = 0;
    for (Row r : rows) {
      row(sb, r, !r.complete() ? "n/a" : r.meetsTarget() ? "yes" : "**no**");
      if (r.complete()) {
        complete++;
        missed += r.meetsTarget() ? 0 : 1;
      }
    }
    sb.append('\n').append(complete - missed).append(" of ").append(complete)
        .append(" pairs reach ").append(TARGET_RATIO).append("x of the baseline");
    if (complete < rows.size()) {
      sb.append("; ").append(rows.size() - complete).append(" without a counterpart");
    }
    return sb.append(".\n").toString();
  }

  /**
   * An overhead table (instrumented against plain): no target, and a last column with the
   * microseconds the measured side adds per operation.
   */
  public String toOverheadMarkdown() {
    StringBuilder sb = header("instrumented", "plain", "added per operation", "---:");
    for (Row r : rows) {
      row(sb, r, Double.isNaN(r.addedMicros()) ? "n/a"
          : String.format(Locale.ROOT, "%.2f µs", r.addedMicros()));
    }
    return sb.toString();
  }

  private static StringBuilder header(String subject, String baseline, String last, String align) {
    return new StringBuilder("| benchmark | params | " + subject + " (msgs/s) | " + baseline
        + " (msgs/s) | ratio | ratio range | " + last + " |\n| --- | --- | ---: | ---: | ---: | ---: | "
        + align + " |\n");
  }

  private static void row(StringBuilder sb, Row r, String last) {
    sb.append("| ").append(r.benchmarkClass())
        .append(" | ").append(formatParams(r.params()))
        .append(" | ").append(formatScore(r.subject()))
        .append(" | ").append(formatScore(r.baseline()))
        .append(" | ").append(formatRatio(r.ratio(), 3))
        .append(" | ").append(formatRange(r))
        .append(" | ").append(last).append(" |\n");
  }

  private static String formatParams(Map<String, String> params) {
    return params.isEmpty() ? "-" : params.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", "));
  }

  private static String formatScore(Score r) {
    if (r == null) {
      return "missing";
    }
    String score = String.format(Locale.ROOT, "%,.0f", r.score());
    return Double.isNaN(r.error()) ? score
        : score + String.format(Locale.ROOT, " ± %,.0f", r.error());
  }

  private static String formatRange(Row r) {
    return Double.isNaN(r.ratioLow()) || Double.isNaN(r.ratioHigh()) ? "n/a"
        : formatRatio(r.ratioLow(), 2) + " – " + formatRatio(r.ratioHigh(), 2);
  }

  // The ratio gets three decimals so that a pair just under the target never prints as 0.50.
  private static String formatRatio(double ratio, int decimals) {
    if (Double.isNaN(ratio)) {
      return "n/a";
    }
    return Double.isInfinite(ratio) ? "∞" : String.format(Locale.ROOT, "%." + decimals + "f", ratio);
  }
}
