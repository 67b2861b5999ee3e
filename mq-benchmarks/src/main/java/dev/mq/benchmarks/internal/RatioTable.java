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

  /** The performance target: in-memory at least half the baseline's messages per second. */
  public static final double TARGET_RATIO = 0.5;
  /** Method name of the provider's side of a pair. */
  public static final String SUBJECT = "inmemory";
  /** Method name of the baseline side of a pair. */
  public static final String BASELINE = "baseline";

  /**
   * One pair. Either side may be null when the run lacked it.
   *
   * @param benchmarkClass the benchmark class's simple name
   * @param params the parameters both sides ran with
   * @param subject the in-memory result
   * @param baseline the baseline result
   */
  public record Row(String benchmarkClass, Map<String, String> params, JmhResult subject,
      JmhResult baseline) {

    /** in-memory score / baseline score; NaN when a side is missing. */
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
  public static RatioTable of(List<JmhResult> results) {
    Map<String, JmhResult[]> pairs = new LinkedHashMap<>();
    for (JmhResult r : results) {
      int side = r.method().equals(SUBJECT) ? 0 : r.method().equals(BASELINE) ? 1 : -1;
      if (side < 0) {
        continue;
      }
      String key = r.benchmarkClass() + " " + r.params();
      JmhResult[] pair = pairs.computeIfAbsent(key, k -> new JmhResult[2]);
      if (pair[side] != null) {
        throw new IllegalArgumentException("two results for " + r.benchmark() + " " + r.params());
      }
      pair[side] = r;
    }
    List<Row> rows = new ArrayList<>();
    for (JmhResult[] pair : pairs.values()) {
      JmhResult any = pair[0] != null ? pair[0] : pair[1];
      rows.add(new Row(any.benchmarkClass(), any.params(), pair[0], pair[1]));
    }
    return new RatioTable(rows);
  }

  /** The pairs, in the order of the result file. */
  public List<Row> rows() {
    return rows;
  }

  /** The table as markdown, with a closing line that counts the pairs below target. */
  public String toMarkdown() {
    StringBuilder sb = new StringBuilder();
    sb.append("| benchmark | params | in-memory (msgs/s) | baseline (msgs/s) | ratio | ratio range | >= ")
        .append(TARGET_RATIO).append("x |\n");
    sb.append("| --- | --- | ---: | ---: | ---: | ---: | :---: |\n");
    int complete = 0;
    int missed = 0;
    for (Row r : rows) {
      sb.append("| ").append(r.benchmarkClass())
          .append(" | ").append(formatParams(r.params()))
          .append(" | ").append(formatScore(r.subject()))
          .append(" | ").append(formatScore(r.baseline()))
          .append(" | ").append(formatRatio(r.ratio(), 3))
          .append(" | ").append(formatRange(r))
          .append(" | ").append(!r.complete() ? "n/a" : r.meetsTarget() ? "yes" : "**no**")
          .append(" |\n");
      if (r.complete()) {
        complete++;
        if (!r.meetsTarget()) {
          missed++;
        }
      }
    }
    sb.append('\n').append(complete - missed).append(" of ").append(complete)
        .append(" pairs reach ").append(TARGET_RATIO).append("x of the baseline");
    if (complete < rows.size()) {
      sb.append("; ").append(rows.size() - complete).append(" without a counterpart");
    }
    sb.append(".\n");
    return sb.toString();
  }

  private static String formatParams(Map<String, String> params) {
    return params.isEmpty() ? "-" : params.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", "));
  }

  private static String formatScore(JmhResult r) {
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
