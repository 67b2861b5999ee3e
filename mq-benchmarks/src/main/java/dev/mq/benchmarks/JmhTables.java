package dev.mq.benchmarks;

import dev.mq.benchmarks.internal.RatioTable;
import dev.mq.benchmarks.internal.RatioTable.Score;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH benchmarks through JMH's {@link Runner} and writes their tables as markdown:
 * {@value #PAIRS_FILE} (the in-memory provider against its baseline, with the 0.5x target) and
 * {@value #OVERHEAD_FILE} ({@link ObservabilityBenchmark}: instrumented against plain).
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.mq.benchmarks.JmhTables --out dir [JMH options]}.
 * Without a benchmark pattern among the JMH options it runs the provider pairs, then the
 * observability benchmark with a longer warm-up (10 iterations of 2 s, unless {@code -wi} is
 * given: with the SDK its score climbs for longer). With a pattern it runs what matches, once.
 */
public final class JmhTables {

  /** The file of the provider pairs' table. */
  public static final String PAIRS_FILE = "jmh-ratios.md";
  /** The file of the observability overhead table. */
  public static final String OVERHEAD_FILE = "observability.md";
  static final String PAIRS = "dev\\.mq\\.benchmarks\\.(RoundTrip|Pipeline|Subscribe)Benchmark\\.";
  static final String OVERHEAD_CLASS = ObservabilityBenchmark.class.getSimpleName();

  private JmhTables() {}

  /** Runs the benchmarks and writes the tables; exits 2 on bad arguments. */
  public static void main(String[] args) throws Exception {
    if (args.length < 2 || !args[0].equals("--out")) {
      System.err.println("usage: JmhTables --out <dir> [JMH options]");
      System.exit(2);
      return;
    }
    CommandLineOptions jmh = new CommandLineOptions(Arrays.copyOfRange(args, 2, args.length));
    List<Score> scores = new ArrayList<>();
    if (jmh.getIncludes().isEmpty()) {
      scores.addAll(run(new OptionsBuilder().parent(jmh).include(PAIRS).build()));
      ChainedOptionsBuilder overhead = new OptionsBuilder().parent(jmh)
          .include("dev\\.mq\\.benchmarks\\." + OVERHEAD_CLASS + "\\.");
      if (!jmh.getWarmupIterations().hasValue()) {
        overhead.warmupIterations(10).warmupTime(TimeValue.seconds(2));
      }
      scores.addAll(run(overhead.build()));
    } else {
      scores.addAll(run(jmh));
    }
    Path out = Path.of(args[1]);
    Files.createDirectories(out);
    for (Map.Entry<String, String> t : tables(scores).entrySet()) {
      Files.writeString(out.resolve(t.getKey()), t.getValue(), StandardCharsets.UTF_8);
      System.out.println("\n" + t.getKey() + ":\n" + t.getValue());
    }
  }

  /**
   * The tables by file name: {@value #PAIRS_FILE} for the provider pairs and
   * {@value #OVERHEAD_FILE} for the observability benchmark, each only when it has results.
   */
  static Map<String, String> tables(List<Score> scores) {
    List<Score> pairs = scores.stream().filter(s -> !s.benchmarkClass().equals(OVERHEAD_CLASS)).toList();
    List<Score> overhead = scores.stream().filter(s -> s.benchmarkClass().equals(OVERHEAD_CLASS)).toList();
    Map<String, String> tables = new LinkedHashMap<>();
    if (!pairs.isEmpty()) {
      tables.put(PAIRS_FILE, RatioTable.of(pairs).toMarkdown());
    }
    if (!overhead.isEmpty()) {
      tables.put(OVERHEAD_FILE, RatioTable.of(overhead).toOverheadMarkdown());
    }
    return tables;
  }

  private static List<Score> run(Options options) throws RunnerException {
    Collection<RunResult> results = new Runner(options).run();
    List<Score> scores = new ArrayList<>();
    for (RunResult r : results) {
      scores.add(score(r.getParams(), r.getPrimaryResult().getScore(),
          r.getPrimaryResult().getScoreError()));
    }
    return scores;
  }

  /** The score of one benchmark run, named by its class's simple name and its method. */
  static Score score(BenchmarkParams params, double score, double error) {
    String full = params.getBenchmark();
    String owner = full.substring(0, full.lastIndexOf('.'));
    Map<String, String> values = new LinkedHashMap<>();
    for (String key : params.getParamsKeys()) {
      values.put(key, params.getParam(key));
    }
    return new Score(owner.substring(owner.lastIndexOf('.') + 1),
        full.substring(full.lastIndexOf('.') + 1), values, score, error);
  }
}
