package dev.mq.cli.internal;

import dev.mq.cli.tck.ConfiguredTck;
import dev.mq.tck.TckRepeat;
import dev.mq.tck.TckTimeouts;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.PostDiscoveryFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.reporting.legacy.xml.LegacyXmlReportGeneratingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mq tck}: runs the compatibility kit ({@link ConfiguredTck}) through the JUnit Platform
 * launcher against the broker the configuration describes, prints a table of verdicts, writes
 * JUnit XML with {@code --report}, and exits 1 when a rule test failed. With {@code --classpath}
 * it runs itself again in a child JVM with those jars added, since {@code MessageQueues} finds
 * providers on its own class path only.
 */
@Command(name = "tck", mixinStandardHelpOptions = true,
    description = "Run the compatibility kit against the broker of --config / -D and print a verdict per rule test.",
    footer = {"", "Configuration keys of the kit, in --config or -D (see the module README):",
        "  mqtck.max-message-size  mqtck.volume-messages  mqtck.restart-load-messages",
        "  mqtck.timeout.factor    mqtck.malformed.<key>=<value>"})
public final class TckCommand extends BrokerCommand {

  @Option(names = "--rules", paramLabel = "PATTERN", split = ",",
      description = "Only these rules, e.g. 3.*, or 2.1,5.* (default: all).")
  List<String> rules = new ArrayList<>();

  @Option(names = "--repeat", paramLabel = "N", description = "Run every rule test N times (1..1000).")
  Integer repeat;

  @Option(names = "--report", paramLabel = "DIR", description = "Write JUnit XML reports to DIR.")
  Path report;

  @Option(names = "--classpath", paramLabel = "JAR", split = ",",
      description = "Provider jars to add (repeatable, or separated by commas).")
  List<Path> classpath = new ArrayList<>();

  TckCommand(Session session) {
    super(session);
  }

  @Override
  public Integer call() throws Exception {
    if (repeat != null && (repeat < 1 || repeat > TckRepeat.MAX_REPEAT)) {
      throw new UsageException("--repeat must be from 1 to " + TckRepeat.MAX_REPEAT + ", but is " + repeat);
    }
    for (Path jar : classpath) {
      PushCommand.requireFile(jar, "--classpath");
    }
    if (!classpath.isEmpty()) {
      return runInChildJvm();
    }
    Map<String, String> config = options.config();
    List<Pattern> patterns = rules.stream().map(TckCommand::glob).toList();
    Map<String, String> previous = new HashMap<>();
    setProperty(previous, TckRepeat.REPEAT_PROPERTY, repeat == null ? null : repeat.toString());
    setProperty(previous, TckTimeouts.FACTOR_PROPERTY, config.get(TckTimeouts.FACTOR_PROPERTY));
    TckResults results = new TckResults();
    try {
      ConfiguredTck.use(config);
      LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request()
          .selectors(DiscoverySelectors.selectClass(ConfiguredTck.class));
      if (!patterns.isEmpty()) {
        request.filters(ruleFilter(patterns));
      }
      LauncherDiscoveryRequest discovery = request.build();
      List<TestExecutionListener> listeners = new ArrayList<>(List.of(results));
      if (report != null) {
        Files.createDirectories(report);
        listeners.add(new LegacyXmlReportGeneratingListener(report, session.err()));
      }
      Launcher launcher = LauncherFactory.create();
      if (!launcher.discover(discovery).containsTests()) {
        throw new UsageException("no rule test matches --rules " + String.join(",", rules));
      }
      launcher.execute(discovery, listeners.toArray(TestExecutionListener[]::new));
    } finally {
      ConfiguredTck.use(Map.of());
      previous.forEach((k, v) -> {
        if (v == null) {
          System.clearProperty(k);
        } else {
          System.setProperty(k, v);
        }
      });
    }
    results.print(session.out());
    if (report != null) {
      session.out().println("JUnit XML in " + report);
    }
    return results.count(TckResults.Verdict.FAILED) > 0 ? ExitCodes.FAILURE : ExitCodes.OK;
  }

  private static void setProperty(Map<String, String> previous, String key, String value) {
    if (value != null) {
      previous.put(key, System.getProperty(key));
      System.setProperty(key, value);
    }
  }

  /** {@code 3.*} matches {@code 3.3} and {@code 3.10}; {@code 3.1} matches only {@code 3.1}. */
  static Pattern glob(String pattern) {
    String p = pattern.trim();
    if (!p.matches("[0-9.*]+")) {
      throw new UsageException("--rules takes rule numbers and *, e.g. 3.* or 2.1, not '" + pattern + "'");
    }
    return Pattern.compile(Arrays.stream(p.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*")));
  }

  private static PostDiscoveryFilter ruleFilter(List<Pattern> patterns) {
    return descriptor -> {
      if (!descriptor.isTest()) {
        return FilterResult.included("container"); // emptied containers are pruned
      }
      String rule = TckResults.ruleOf(descriptor.getDisplayName());
      boolean match = patterns.stream().anyMatch(p -> p.matcher(rule).matches());
      return FilterResult.includedIf(match, () -> "rule " + rule, () -> "rule " + rule + " not selected");
    };
  }

  /** The same command without --classpath, in a JVM whose class path has the jars added. */
  private int runInChildJvm() throws IOException, InterruptedException {
    List<String> cp = new ArrayList<>(List.of(System.getProperty("java.class.path")));
    classpath.forEach(p -> cp.add(p.toAbsolutePath().toString()));
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", String.join(File.pathSeparator, cp), "dev.mq.cli.Mq", "tck"));
    if (options.configFile != null) {
      command.addAll(List.of("--config", options.configFile.toAbsolutePath().toString()));
    }
    options.overrides.forEach((k, v) -> command.add("-D" + k + "=" + v));
    rules.forEach(r -> command.addAll(List.of("--rules", r)));
    if (repeat != null) {
      command.addAll(List.of("--repeat", repeat.toString()));
    }
    if (report != null) {
      command.addAll(List.of("--report", report.toAbsolutePath().toString()));
    }
    if (options.verbose) {
      command.add("--verbose");
    }
    Process child = new ProcessBuilder(command).start();
    child.getOutputStream().close();
    Thread out = pump(child.getInputStream(), session.out());
    Thread err = pump(child.getErrorStream(), session.err());
    while (!child.waitFor(200, TimeUnit.MILLISECONDS)) {
      if (session.stop().requested()) {
        child.destroy(); // the child's own shutdown hook reports what ran
      }
    }
    out.join();
    err.join();
    return child.exitValue();
  }

  private static Thread pump(InputStream from, PrintWriter to) {
    Thread t = new Thread(() -> {
      try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(from, StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          to.println(line);
          to.flush();
        }
      } catch (IOException e) {
        to.println("mq: lost the child's output: " + e.getMessage());
      }
    }, "mq-tck-output");
    t.setDaemon(true);
    t.start();
    return t;
  }
}
