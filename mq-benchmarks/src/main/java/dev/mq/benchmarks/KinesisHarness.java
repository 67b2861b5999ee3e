package dev.mq.benchmarks;

import dev.mq.benchmarks.internal.MarkedSection;
import dev.mq.benchmarks.internal.kinesis.Chart;
import dev.mq.benchmarks.internal.kinesis.Figure;
import dev.mq.benchmarks.internal.kinesis.KinesisRun;
import dev.mq.benchmarks.internal.kinesis.Machine;
import dev.mq.benchmarks.internal.kinesis.Progress;
import dev.mq.benchmarks.internal.kinesis.Report;
import dev.mq.benchmarks.internal.kinesis.Server;
import dev.mq.benchmarks.internal.kinesis.Sizes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The Kinesis benchmark harness: producer, consumer, latency, shard-limit and memory scenarios
 * of the {@code kinesis} provider against hand-written AWS SDK code, on kinesalite and
 * kinesis-local started by the harness itself (installed by the build into
 * {@code mq-provider-kinesis/target/emulators}; pass {@code -Dmq.kinesis.test.emulators-dir}
 * when running from elsewhere). Prints progress, then a summary table, and writes
 * {@code kinesis-summary.md} and {@code kinesis-chart.svg} into the output folder.
 *
 * <pre>
 * java -cp mq-benchmarks/target/benchmarks.jar dev.mq.benchmarks.KinesisHarness
 *     [--size full|smoke] [--servers kinesalite,kinesis-local]
 *     [--scenarios producer,consumer,latency,shard-limits,memory]
 *     [--out dir] [--doc docs/benchmarks.md] [--chart docs/kinesis-benchmarks.svg]
 *     [--command "the command to show in the doc"]
 * </pre>
 */
public final class KinesisHarness {

  /** Name of the generated section of the doc ({@code <!-- kinesis-results:begin -->}). */
  public static final String DOC_SECTION = "kinesis-results";

  private KinesisHarness() {}

  /** Runs the harness; exits 1 on a failed scenario, 2 on bad arguments. */
  public static void main(String[] args) {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    try {
      run(o);
    } catch (RuntimeException | IOException e) {
      System.err.println("the Kinesis benchmark failed: " + e);
      e.printStackTrace();
      System.exit(1);
    }
    System.exit(0);
  }

  /** Runs with the given options, writes the outputs and returns the figures. */
  public static List<Figure> run(Options o) throws IOException {
    Progress progress = new Progress(System.out);
    Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String machine = Machine.describe();
    String loadBefore = Machine.load();
    progress.say("machine: " + machine + "; load " + loadBefore);
    KinesisRun run = new KinesisRun(o.sizes, o.servers, o.scenarios, progress);
    List<Figure> figures = run.run();
    String loadAfter = Machine.load();
    double minutes = progress.elapsedSeconds() / 60;
    System.out.println();
    System.out.println("Kinesis benchmark summary (ratio = ours / baseline; latency: lower is better)");
    System.out.print(Report.table(figures));
    run.remarks().forEach(System.out::println);

    String chart = Chart.svg("mq kinesis provider vs hand-written SDK code, " + started, figures);
    Files.createDirectories(o.out);
    Path chartFile = o.out.resolve("kinesis-chart.svg");
    Files.writeString(chartFile, chart, StandardCharsets.UTF_8);
    if (o.chart != null) {
      Files.createDirectories(o.chart.toAbsolutePath().getParent());
      Files.writeString(o.chart, chart, StandardCharsets.UTF_8);
    }
    String section = section(o, figures, run.remarks(), started, machine, loadBefore, loadAfter,
        minutes);
    Files.writeString(o.out.resolve("kinesis-summary.md"), section, StandardCharsets.UTF_8);
    if (o.doc != null) {
      String doc = Files.readString(o.doc, StandardCharsets.UTF_8);
      Files.writeString(o.doc, MarkedSection.replace(doc, DOC_SECTION, section),
          StandardCharsets.UTF_8);
      progress.say("updated " + o.doc);
    }
    progress.say("wrote " + o.out.resolve("kinesis-summary.md") + " and " + chartFile);
    return figures;
  }

  private static String section(Options o, List<Figure> figures, List<String> remarks,
      Instant started, String machine, String loadBefore, String loadAfter, double minutes) {
    StringBuilder sb = new StringBuilder();
    sb.append("Run of ").append(started).append(String.format(Locale.ROOT,
        " (%.1f minutes): %s; 1-minute load average %s before, %s after.%n%n", minutes, machine,
        loadBefore, loadAfter));
    sb.append("Command: `").append(o.command).append("`\n\n");
    sb.append(Report.markdown(figures)).append('\n');
    for (String r : remarks) {
      sb.append("- ").append(r).append('\n');
    }
    if (o.chart != null && o.doc != null) {
      Path rel = o.doc.toAbsolutePath().getParent().relativize(o.chart.toAbsolutePath());
      sb.append("\n![throughput ratios and latency](").append(rel.toString().replace('\\', '/'))
          .append(")\n");
    }
    return sb.toString();
  }

  /** The command line. */
  public static final class Options {
    Sizes sizes = Sizes.full();
    List<Server.Kind> servers = List.of(Server.Kind.KINESALITE, Server.Kind.KINESIS_LOCAL);
    Set<String> scenarios = new LinkedHashSet<>(KinesisRun.SCENARIOS);
    Path out = Path.of("mq-benchmarks", "target");
    Path doc;
    Path chart;
    String command = "java -cp mq-benchmarks/target/benchmarks.jar dev.mq.benchmarks.KinesisHarness";

    /** Parses {@code args}; throws with a usage message on anything unknown. */
    public static Options parse(String... args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String key = args[i];
        if (i + 1 >= args.length) {
          throw usage("missing value after " + key);
        }
        String value = args[++i];
        switch (key) {
          case "--size" -> o.sizes = switch (value) {
            case "full" -> Sizes.full();
            case "smoke" -> Sizes.smoke();
            default -> throw usage("--size is full or smoke: " + value);
          };
          case "--servers" -> {
            List<Server.Kind> kinds = new ArrayList<>();
            for (String s : value.split(",")) {
              try {
                kinds.add(Server.Kind.of(s.trim()));
              } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
              }
            }
            o.servers = List.copyOf(kinds);
          }
          case "--scenarios" -> {
            o.scenarios = new LinkedHashSet<>(Arrays.asList(value.split(",")));
            if (!KinesisRun.SCENARIOS.containsAll(o.scenarios)) {
              throw usage("--scenarios takes some of " + KinesisRun.SCENARIOS + ": " + value);
            }
          }
          case "--out" -> o.out = Path.of(value);
          case "--doc" -> o.doc = Path.of(value);
          case "--chart" -> o.chart = Path.of(value);
          case "--command" -> o.command = value;
          default -> throw usage("unknown option " + key);
        }
      }
      return o;
    }

    /** These options with other sizes (for tests). */
    public Options withSizes(Sizes s) {
      this.sizes = s;
      return this;
    }

    private static IllegalArgumentException usage(String problem) {
      return new IllegalArgumentException(problem + "\nusage: KinesisHarness [--size full|smoke] "
          + "[--servers kinesalite,kinesis-local] [--scenarios " + String.join(",", KinesisRun.SCENARIOS)
          + "] [--out dir] [--doc docs/benchmarks.md] [--chart docs/kinesis-benchmarks.svg] "
          + "[--command text]");
    }
  }
}
