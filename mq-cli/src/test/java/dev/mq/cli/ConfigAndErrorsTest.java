package dev.mq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** mq --help, mq providers, configuration sources, secret masking, errors and exit codes. */
@ExtendWith(InMemoryProviderExtension.class)
class ConfigAndErrorsTest {

  private final Cli cli = new Cli(Map.of("mq.provider", "inmemory"));

  @TempDir
  Path dir;

  @AfterEach
  void close() {
    cli.close();
  }

  @Test
  void helpListsEveryCommandAndTheExitCodes() {
    Cli.Result r = cli.run("--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("providers", "push", "consume", "dlq", "tck", "bench",
        "Exit codes: 0 ok, 1 failure, 2 usage or configuration error");
    assertThat(cli.run("dlq", "--help").out()).contains("count", "show", "replay", "purge");
  }

  @Test
  void providersListsCapabilitiesKeysAndMasksSecrets() {
    Cli.Result r = cli.run("providers", "-D", "mq.kinesis.secret-access-key=hunter2",
        "-D", "mq.sqs.access-key-id=AKIDSECRETVALUE", "-D", "mq.inmemory.capacity=7");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("inmemory", "kinesis", "sqs", "DEAD_LETTER",
        "mq.inmemory.capacity", "mq.kinesis.secret-access-key (secret)",
        "mq.kinesis.secret-access-key=****", "mq.inmemory.capacity=7", "mq.provider=inmemory");
    assertThat(r.out() + r.err()).doesNotContain("hunter2").doesNotContain("AKIDSECRETVALUE");
  }

  @Test
  void configFileIsReadAndDashDOverridesIt() throws Exception {
    Path file = dir.resolve("mq.properties");
    Files.writeString(file, "mq.provider=inmemory\nmq.inmemory.capacity=5\n");
    Cli.Result r = cli.run("providers", "--config", file.toString(), "-D", "mq.inmemory.capacity=6");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("mq.inmemory.capacity=6").doesNotContain("mq.inmemory.capacity=5");
  }

  @Test
  void unknownProviderIsAConfigurationErrorOnOneLine() {
    Cli.Result r = cli.run("push", "q", "hello", "-D", "mq.provider=nope");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("mq: ").contains("nope", "inmemory").doesNotContain("\tat ");
    assertThat(r.err().strip().lines()).hasSize(1);
  }

  @Test
  void typoInAKeyNamesTheKeyAndVerboseShowsTheStackTrace() {
    Cli.Result r = cli.run("push", "q", "hello", "-D", "mq.inmemory.capacty=5");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("mq.inmemory.capacty", "mq.inmemory.capacity").doesNotContain("\tat ");
    Cli.Result verbose = cli.run("push", "q", "hello", "-D", "mq.inmemory.capacty=5", "--verbose");
    assertThat(verbose.exit()).isEqualTo(2);
    assertThat(verbose.err()).contains("\tat ", "ConfigurationException");
  }

  @Test
  void typoInTheConfigFileAndKeysOutsideMqAreRefused() throws Exception {
    Path file = dir.resolve("bad.properties");
    Files.writeString(file, "mq.provider=inmemory\nmq.dead-leter-queue={queue}-dlq\n");
    Cli.Result r = cli.run("push", "q", "x", "--config", file.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("mq.dead-leter-queue");
    Cli.Result outside = cli.run("push", "q", "x", "-D", "mqprovider=inmemory");
    assertThat(outside.exit()).isEqualTo(2);
    assertThat(outside.err()).contains("mqprovider");
    Cli.Result missing = cli.run("push", "q", "x", "--config", dir.resolve("none.properties").toString());
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("none.properties");
  }

  @Test
  void malformedValueIsAConfigurationError() {
    Cli.Result r = cli.run("push", "q", "x", "-D", "mq.max-delivery-attempts=lots");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("mq.max-delivery-attempts", "lots");
  }

  @Test
  void unknownOptionAndMissingQueueAreUsageErrors() {
    Cli.Result unknown = cli.run("push", "q", "x", "--frobnicate");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("--frobnicate", "mq push --help");
    Cli.Result noQueue = cli.run("consume");
    assertThat(noQueue.exit()).isEqualTo(2);
    assertThat(noQueue.err()).contains("QUEUE");
    Cli.Result noCommand = cli.run("frobnicate");
    assertThat(noCommand.exit()).isEqualTo(2);
  }
}
