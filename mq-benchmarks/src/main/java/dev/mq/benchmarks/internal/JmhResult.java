package dev.mq.benchmarks.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One benchmark's primary result from JMH's JSON output.
 *
 * @param benchmark the full method name, e.g. {@code dev.mq.benchmarks.RoundTripBenchmark.inmemory}
 * @param params the JMH parameters, sorted by name
 * @param score the mean score
 * @param error the half-width of the 99.9% confidence interval; NaN when JMH had too few samples
 * @param unit the score unit, e.g. {@code ops/s}
 */
public record JmhResult(String benchmark, Map<String, String> params, double score, double error,
    String unit) {

  /** The class part of {@link #benchmark()}, e.g. {@code RoundTripBenchmark}. */
  public String benchmarkClass() {
    String owner = benchmark.substring(0, Math.max(benchmark.lastIndexOf('.'), 0));
    return owner.substring(owner.lastIndexOf('.') + 1);
  }

  /** The method part of {@link #benchmark()}, e.g. {@code inmemory}. */
  public String method() {
    return benchmark.substring(benchmark.lastIndexOf('.') + 1);
  }

  /**
   * Reads every result of a JMH JSON document ({@code -rf json}).
   *
   * @throws IllegalArgumentException if the document is not JSON or not shaped like JMH's output
   */
  public static List<JmhResult> parseAll(String json) {
    Object root = Json.parse(json);
    if (!(root instanceof List<?> runs)) {
      throw new IllegalArgumentException("a JMH result file is a JSON array; this one is not");
    }
    List<JmhResult> results = new ArrayList<>();
    for (Object run : runs) {
      Map<?, ?> r = asMap(run, "each result");
      Map<?, ?> metric = asMap(r.get("primaryMetric"), "primaryMetric");
      Map<String, String> params = new TreeMap<>();
      if (r.get("params") != null) {
        asMap(r.get("params"), "params").forEach((k, v) -> params.put(k.toString(), String.valueOf(v)));
      }
      results.add(new JmhResult(
          asString(r.get("benchmark"), "benchmark"),
          params,
          asDouble(metric.get("score"), "score"),
          asDouble(metric.get("scoreError"), "scoreError"),
          asString(metric.get("scoreUnit"), "scoreUnit")));
    }
    return results;
  }

  private static Map<?, ?> asMap(Object o, String what) {
    if (o instanceof Map<?, ?> m) {
      return m;
    }
    throw new IllegalArgumentException(what + " must be a JSON object: " + o);
  }

  private static String asString(Object o, String what) {
    if (o instanceof String s) {
      return s;
    }
    throw new IllegalArgumentException(what + " must be a string: " + o);
  }

  // JMH writes NaN and infinities as the strings "NaN", "Infinity" and "-Infinity".
  private static double asDouble(Object o, String what) {
    if (o instanceof Double d) {
      return d;
    }
    if (o instanceof String s) {
      try {
        return Double.parseDouble(s);
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw new IllegalArgumentException(what + " must be a number: " + o);
  }
}
