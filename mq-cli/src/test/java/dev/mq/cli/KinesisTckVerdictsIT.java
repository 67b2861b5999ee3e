package dev.mq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.cli.internal.TckResults;
import dev.mq.kinesis.testing.EmulatorProcess;
import dev.mq.kinesis.testing.KinesisEmulators;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * {@code mq tck} from the built jar against kinesis-local gives the same verdict for every rule
 * test as the Kinesis module's {@code KinesisTckTest}, run here through the launcher. Slow (both
 * whole kits, several minutes each): tagged {@code slow}, run with {@code -Dcli.slow.excluded=}.
 */
@Tag("slow")
class KinesisTckVerdictsIT {

  private static final Pattern ROW = Pattern.compile("^(\\S+)\\s+(PASSED|FAILED|SKIPPED)\\s+(.*)$");

  @TempDir
  Path dir;

  @Test
  void mqTckGivesTheVerdictsOfKinesisTckTest() throws Exception {
    TckResults reference = new TckResults();
    LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
        .selectors(DiscoverySelectors.selectClass("dev.mq.kinesis.KinesisTckTest")).build(), reference);
    Map<String, String> expected = new TreeMap<>();
    reference.rows().forEach(r -> expected.merge(r.rule() + " " + r.name(), r.verdict().name(), (a, b) -> a + "," + b));
    System.out.println("KinesisTckTest: " + reference.count(TckResults.Verdict.PASSED) + " passed, "
        + reference.count(TckResults.Verdict.FAILED) + " failed, "
        + reference.count(TckResults.Verdict.SKIPPED) + " skipped");

    JarRun.Result run;
    try (EmulatorProcess kinesis = KinesisEmulators.startKinesisLocal(dir.resolve("kinesis-data"))) {
      Properties p = new Properties();
      p.putAll(kinesis.endpoint().providerConfig());
      // the settings of KinesisTckTest and KinesisLocalTck
      p.put("mq.kinesis.checkpoint-interval", "100ms");
      p.put("mq.kinesis.checkpoint-dir", dir.resolve("checkpoints").toString());
      p.put("mq.kinesis.poll-interval", "200ms");
      p.put("mqtck.max-message-size", Integer.toString(1_048_576 - 4096));
      p.put("mqtck.restart-load-messages", "3000");
      p.put("mqtck.malformed.mq.kinesis.shards", "zero");
      p.put("mqtck.malformed.mq.kinesis.initial-position", "yesterday");
      p.put("mqtck.malformed.mq.kinesis.poll-interval", "soon");
      p.put("mqtck.malformed.mq.kinesis.create-streams", "maybe");
      p.put("mqtck.malformed.mq.kinesis.endpoint", "ftp://127.0.0.1");
      p.put("mqtck.malformed.mq.kinesis.checkpoint-store", "redis");
      Path config = dir.resolve("kinesis-tck.properties");
      try (Writer w = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
        p.store(w, null);
      }
      run = JarRun.run(dir, "", 60, "tck", "--config", config.toString(), "--report", dir.resolve("report").toString());
    }
    System.out.println(run.out());
    Map<String, String> actual = new TreeMap<>();
    for (String line : run.out().lines().toList()) {
      Matcher m = ROW.matcher(line);
      if (m.matches()) {
        actual.merge(m.group(1) + " " + m.group(3), m.group(2), (a, b) -> a + "," + b);
      }
    }
    assertThat(actual).as(run.err()).isEqualTo(expected);
    assertThat(run.exit()).isEqualTo(expected.containsValue("FAILED") ? 1 : 0);
  }
}
