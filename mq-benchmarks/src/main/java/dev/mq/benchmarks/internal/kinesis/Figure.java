package dev.mq.benchmarks.internal.kinesis;

import java.util.Locale;

/**
 * One measured figure next to its baseline from the same run.
 *
 * @param scenario producer, consumer, latency, shard-limits or memory
 * @param server the emulator that answered (kinesalite or kinesis-local)
 * @param name what was measured, e.g. {@code push (32 callers)}
 * @param value the figure
 * @param baselineName what it is compared with
 * @param baseline the baseline's figure in the same unit
 * @param unit e.g. {@code msg/s} or {@code ms}
 * @param target the ratio the scenario must reach (docs/benchmarks.md), or {@code NaN} for none
 * @param higherIsBetter whether the target is a floor ({@code ratio >= target}) or a ceiling
 * @param note measured detail worth printing (spread over rounds, losses), may be empty
 */
public record Figure(String scenario, String server, String name, double value,
    String baselineName, double baseline, String unit, double target, boolean higherIsBetter,
    String note) {

  /** {@code value / baseline}; {@code NaN} when the baseline is zero. */
  public double ratio() {
    return baseline == 0 ? Double.NaN : value / baseline;
  }

  /** {@code yes}, {@code NO}, or {@code -} when there is no target. */
  public String verdict() {
    if (Double.isNaN(target)) {
      return "-";
    }
    double r = ratio();
    boolean met = higherIsBetter ? r >= target : r <= target;
    return met ? "yes" : "NO";
  }

  /** The target as text, e.g. {@code >= 0.8}. */
  public String targetText() {
    if (Double.isNaN(target)) {
      return "-";
    }
    return (higherIsBetter ? ">= " : "<= ") + format(target);
  }

  /** A figure with three significant digits at most, thousands grouped. */
  public static String format(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    double a = Math.abs(v);
    if (a >= 100) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (a >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
