package dev.mq.benchmarks.internal.kinesis;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Median, lowest and highest of a few per-round figures.
 *
 * @param median the median (the mean of the middle two for an even count)
 * @param min the lowest
 * @param max the highest
 */
public record Stats(double median, double min, double max) {

  /** The stats of {@code values}; at least one. */
  public static Stats of(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no values");
    }
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = v.length;
    double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    return new Stats(median, v[0], v[n - 1]);
  }

  /** The {@code p}-th percentile (0..100, nearest rank) of {@code sorted}. */
  public static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  /** The values sorted ascending. */
  public static double[] sorted(double[] values) {
    double[] copy = values.clone();
    Arrays.sort(copy);
    return copy;
  }

  /** {@code rounds min..max}, for notes. */
  public String describe() {
    return String.format(Locale.ROOT, "rounds %s..%s", Figure.format(min), Figure.format(max));
  }
}
