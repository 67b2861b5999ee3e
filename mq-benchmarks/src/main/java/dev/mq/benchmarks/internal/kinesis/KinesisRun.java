package dev.mq.benchmarks.internal.kinesis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Runs the chosen scenarios on the chosen emulators, one emulator at a time (each is started
 * before its scenarios and stopped after them), and collects the figures. Shard limits and
 * memory run on kinesalite only (when it is chosen, else on the first server): they need a
 * fast server for large counts; fan-out runs on kinesis-local only (kinesalite has no
 * SubscribeToShard).
 */
public final class KinesisRun {

  /** The scenarios, in the order they run and are reported. */
  public static final List<String> SCENARIOS =
      List.of("producer", "consumer", "latency", "shard-limits", "memory");

  private final Sizes sizes;
  private final List<Server.Kind> servers;
  private final Set<String> scenarios;
  private final Progress progress;
  private final List<String> remarks = new ArrayList<>();

  /**
   * @param sizes how much each scenario does
   * @param servers the emulators, in run order
   * @param scenarios names from {@link #SCENARIOS}
   * @param progress where progress goes
   */
  public KinesisRun(Sizes sizes, List<Server.Kind> servers, Set<String> scenarios,
      Progress progress) {
    for (String s : scenarios) {
      if (!SCENARIOS.contains(s)) {
        throw new IllegalArgumentException("unknown scenario " + s + " (known: " + SCENARIOS + ")");
      }
    }
    if (servers.isEmpty()) {
      throw new IllegalArgumentException("no server chosen");
    }
    this.sizes = sizes;
    this.servers = List.copyOf(servers);
    this.scenarios = Set.copyOf(scenarios);
    this.progress = progress;
  }

  /** Runs everything; the figures come sorted by scenario, then in run order. */
  public List<Figure> run() {
    List<Figure> figures = new ArrayList<>();
    Server.Kind heavy = servers.contains(Server.Kind.KINESALITE) ? Server.Kind.KINESALITE
        : servers.get(0);
    for (Server.Kind kind : servers) {
      progress.say("starting " + kind.label());
      try (Server server = Server.start(kind)) {
        progress.say(server + " is ready");
        if (scenarios.contains("producer")) {
          figures.addAll(new ProducerScenario(server, sizes, progress).run());
        }
        if (scenarios.contains("consumer")) {
          figures.addAll(new ConsumerScenario(server, sizes, progress).run());
        }
        if (scenarios.contains("latency")) {
          figures.addAll(new LatencyScenario(server, sizes, progress)
              .run(kind == Server.Kind.KINESIS_LOCAL));
        }
        if (kind == heavy && scenarios.contains("shard-limits")) {
          figures.addAll(new ShardLimitScenario(server, sizes, progress).run());
        }
        if (kind == heavy && scenarios.contains("memory")) {
          figures.addAll(new MemoryScenario(server, sizes, progress).run());
        }
      }
      progress.say("stopped " + kind.label());
    }
    if (scenarios.contains("latency") && !servers.contains(Server.Kind.KINESIS_LOCAL)) {
      remarks.add("fan-out: not measured (it needs kinesis-local)");
    }
    figures.sort(Comparator.comparingInt(f -> SCENARIOS.indexOf(f.scenario())));
    return figures;
  }

  /** Remarks of the run, such as a figure that was not measured. */
  public List<String> remarks() {
    return List.copyOf(remarks);
  }
}
