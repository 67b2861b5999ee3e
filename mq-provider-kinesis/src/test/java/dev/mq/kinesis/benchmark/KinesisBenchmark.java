package dev.mq.kinesis.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.kinesis.testing.EmulatorProcess;
import dev.mq.kinesis.testing.KinesisEmulators;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The Kinesis provider against hand-written AWS SDK code ({@link SdkBaselines}) on kinesalite and
 * kinesis-local, each started for the run on free 127.0.0.1 ports and stopped after it. Not a
 * test: surefire runs it only when named ({@code -Dtest=KinesisBenchmark}); it writes the figures
 * as a markdown table. Properties: {@code kinesis.bench.servers} (default
 * {@code kinesalite,kinesis-local}), {@code kinesis.bench.scenarios} (default
 * {@code producer,consumer,latency}), {@code kinesis.bench.out} (default
 * {@code target/kinesis-benchmark.md}). Fan-out is measured on kinesis-local only (kinesalite
 * has no SubscribeToShard).
 */
class KinesisBenchmark {

  /** The comparisons, in the order they run and are reported. */
  static final List<String> SCENARIOS = List.of("producer", "consumer", "latency");

  @Test
  void providerAgainstHandWrittenSdkCode() throws Exception {
    Set<String> scenarios = Set.of(System.getProperty("kinesis.bench.scenarios",
        String.join(",", SCENARIOS)).split(","));
    Path out = Path.of(System.getProperty("kinesis.bench.out", "target/kinesis-benchmark.md"));
    // kinesalite speaks JSON only; the provider's clients read this JVM-wide switch as well
    System.setProperty("aws.cborEnabled", "false");
    List<Figure> figures = new ArrayList<>();
    for (String server : System.getProperty("kinesis.bench.servers", "kinesalite,kinesis-local").split(",")) {
      boolean local = server.equals("kinesis-local");
      try (EmulatorProcess p = local ? KinesisEmulators.startKinesisLocal(null)
          : KinesisEmulators.startKinesalite(null)) {
        figures.addAll(measure(new BenchServer(server, p.endpoint()),
            local ? Sizes.KINESIS_LOCAL : Sizes.KINESALITE, scenarios, local, System.out::println));
      }
    }
    figures.sort(Comparator.comparingInt(f -> SCENARIOS.indexOf(f.scenario())));
    String table = Figure.markdown(figures);
    System.out.println(table);
    assertThat(Figure.problems(figures)).isEmpty();
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, table, StandardCharsets.UTF_8);
  }

  /** Runs the chosen comparisons against one emulator and returns their figures. */
  static List<Figure> measure(BenchServer server, Sizes sizes, Set<String> scenarios,
      boolean fanOut, Consumer<String> progress) {
    List<Figure> figures = new ArrayList<>();
    if (scenarios.contains("producer")) {
      figures.addAll(new ProducerComparison(server, sizes, progress).run());
    }
    if (scenarios.contains("consumer")) {
      figures.addAll(new ConsumerComparison(server, sizes, progress).run());
    }
    if (scenarios.contains("latency")) {
      figures.addAll(new LatencyComparison(server, sizes, progress).run(fanOut));
    }
    return figures;
  }
}
