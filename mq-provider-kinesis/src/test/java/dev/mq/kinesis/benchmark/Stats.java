package dev.mq.kinesis.benchmark;

import java.util.Arrays;
import java.util.List;

/**
 * Median, lowest and highest of the per-round figures of one variant.
 *
 * @param median the median (the mean of the middle two for an even count)
 * @param min the lowest
 * @param max the highest
 */
record Stats(double median, double min, double max) {

  /** The stats of at least one value. */
  static Stats of(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = v.length;
    return new Stats(n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2, v[0], v[n - 1]);
  }

  /** The {@code p}-th percentile (nearest rank) of {@code values}, which it sorts. */
  static double percentile(double[] values, double p) {
    Arrays.sort(values);
    int rank = (int) Math.ceil(p / 100.0 * values.length);
    return values[Math.max(0, Math.min(values.length - 1, rank - 1))];
  }

  /** {@code rounds min..max}, for notes. */
  String describe() {
    return "rounds " + Figure.format(min) + ".." + Figure.format(max);
  }
}
