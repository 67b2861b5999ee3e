package dev.mq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** mq tck against the in-memory provider, through the JUnit Platform launcher. */
@ExtendWith(InMemoryProviderExtension.class)
class TckCommandTest {

  private final Cli cli = new Cli(Map.of("mq.provider", "inmemory"));

  @TempDir
  Path dir;

  @AfterEach
  void close() {
    cli.close();
  }

  @Test
  void selectedRulesPassAndJUnitXmlIsWritten() throws Exception {
    Path config = dir.resolve("broker.properties");
    Files.writeString(config, "mq.provider=inmemory\n");
    Path report = dir.resolve("report");
    Cli.Result r = cli.run("tck", "--config", config.toString(), "--rules", "3.1,3.2", "--report", report.toString());
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("3.1    PASSED   dequeue() on an empty queue returns empty",
        "3.2    PASSED   a long poll returns a message", "5 passed, 0 failed, 0 skipped");
    assertThat(r.out()).doesNotContain("3.3 ");
    try (Stream<Path> files = Files.list(report)) {
      Path xml = files.filter(p -> p.toString().endsWith(".xml")).findFirst().orElseThrow();
      assertThat(Files.readString(xml)).contains("<testsuite", "tests=\"5\"", "failures=\"0\"");
    }
  }

  @Test
  void aFailingRuleIsShownWithItsMessageAndExitsOne() {
    // the in-memory provider accepts 1 MiB: a claimed limit of 100 bytes makes 2.5 fail
    Cli.Result r = cli.run("tck", "-D", "mqtck.max-message-size=100", "--rules", "2.5");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("2.5    FAILED", "0 passed, 2 failed");
  }

  @Test
  void undeclaredCapabilitiesAreSkippedWithTheReason() {
    Cli.Result r = cli.run("tck", "--rules", "3.8,4.5");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("3.8    SKIPPED", "DURABLE", "0 passed, 0 failed");
  }

  @Test
  void repeatRunsEveryTestNTimes() {
    Cli.Result r = cli.run("tck", "--rules", "3.1", "--repeat", "3");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("3.1    PASSED", "1 passed");
    assertThat(System.getProperty("mqtck.repeat")).isNull();
    assertThat(cli.run("tck", "--rules", "3.1", "--repeat", "0").exit()).isEqualTo(2);
  }

  @Test
  void aTypoInTheKitsKeysIsAConfigurationError() {
    Cli.Result typo = cli.run("tck", "-D", "mqtck.max-mesage-size=100", "--rules", "3.1");
    assertThat(typo.exit()).isEqualTo(2);
    assertThat(typo.err()).contains("mqtck.max-mesage-size", "max-message-size");
    Cli.Result notANumber = cli.run("tck", "-D", "mqtck.volume-messages=many", "--rules", "3.1");
    assertThat(notANumber.exit()).isEqualTo(2);
    assertThat(notANumber.err()).contains("mqtck.volume-messages", "many");
  }

  @Test
  void badRulesAndMissingJarsAreUsageErrors() {
    Cli.Result none = cli.run("tck", "--rules", "42.*");
    assertThat(none.exit()).isEqualTo(2);
    assertThat(none.err()).contains("no rule test matches --rules 42.*");
    assertThat(cli.run("tck", "--rules", "dequeue").exit()).isEqualTo(2);
    Cli.Result jar = cli.run("tck", "--classpath", dir.resolve("missing.jar").toString());
    assertThat(jar.exit()).isEqualTo(2);
    assertThat(jar.err()).contains("missing.jar: no such file");
  }

  @Test
  void classpathRunsTheKitInAChildJvmWithTheJarAdded() throws Exception {
    Path jar = dir.resolve("extra.jar");
    Files.write(jar, new byte[0]);
    Cli.Result r = cli.run("tck", "-D", "mq.provider=inmemory", "--rules", "3.1", "--classpath", jar.toString());
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("3.1    PASSED", "1 passed, 0 failed");
  }
}
