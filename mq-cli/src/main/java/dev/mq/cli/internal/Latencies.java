package dev.mq.cli.internal;

import java.io.PrintWriter;
import org.HdrHistogram.Histogram;

/** Latencies in microseconds (HdrHistogram, 3 significant digits, up to an hour) and the rate. */
final class Latencies {

  private static final long MAX_MICROS = 3_600_000_000L;

  private final Histogram histogram = new Histogram(MAX_MICROS, 3);
  private final long startNanos = System.nanoTime();

  /** Records one latency; values beyond an hour count as an hour, below zero as zero. */
  void record(long micros) {
    histogram.recordValue(Math.max(0, Math.min(micros, MAX_MICROS)));
  }

  /** Prints messages, seconds, rate and percentiles of what was recorded. */
  void print(PrintWriter out, String what, long messages) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    out.printf("%s: %d messages in %.2f s, %.0f msg/s%n", what, messages, seconds,
        seconds > 0 ? messages / seconds : 0.0);
    if (histogram.getTotalCount() == 0) {
      return;
    }
    out.printf("latency (ms): p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f  (%d samples)%n",
        ms(histogram.getValueAtPercentile(50)), ms(histogram.getValueAtPercentile(90)),
        ms(histogram.getValueAtPercentile(99)), ms(histogram.getValueAtPercentile(99.9)),
        ms(histogram.getMaxValue()), histogram.getTotalCount());
  }

  private static double ms(long micros) {
    return micros / 1000.0;
  }
}
