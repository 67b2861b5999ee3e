package dev.mq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.Broker;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.MessageQueues;
import dev.mq.kinesis.testing.EmulatorProcess;
import dev.mq.kinesis.testing.KinesisEmulators;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar as a child process against a kinesis-local of its own (started by the Kinesis
 * module's test harness): push 1,000 lines, consume some, dead-letter some, replay them, and
 * count none left.
 */
class KinesisEndToEndIT {

  @TempDir
  static Path dir;
  static EmulatorProcess kinesis;
  static Path config;
  static Map<String, String> brokerConfig;

  @BeforeAll
  static void startKinesisLocal() throws IOException {
    kinesis = KinesisEmulators.startKinesisLocal(null);
    brokerConfig = new HashMap<>(kinesis.endpoint().providerConfig());
    brokerConfig.put("mq.kinesis.checkpoint-dir", dir.resolve("checkpoints").toString());
    brokerConfig.put("mq.kinesis.poll-interval", "200ms");
    brokerConfig.put("mq.dead-letter-queue", "{queue}-dlq");
    Properties p = new Properties();
    p.putAll(brokerConfig);
    config = dir.resolve("kinesis.properties");
    try (Writer w = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
      p.store(w, "kinesis-local for KinesisEndToEndIT");
    }
  }

  @AfterAll
  static void stopKinesisLocal() {
    if (kinesis != null) {
      kinesis.close();
    }
  }

  @Test
  void pushConsumeDeadLetterReplayAndNothingIsLeft() throws Exception {
    String queue = "cli-e2e-" + Long.toString(new SecureRandom().nextLong() & Long.MAX_VALUE, 36);
    Path lines = dir.resolve("lines.txt");
    Files.write(lines, IntStream.range(0, 1000).mapToObj(i -> "line-" + i).toList());

    JarRun.Result push = mq("push", queue, "--lines", lines.toString(), "--config", config.toString());
    assertThat(push.exit()).as(push.err()).isZero();
    assertThat(push.out()).contains("pushed 1000 messages to " + queue);

    JarRun.Result look = mq("consume", queue, "--max", "5", "--json", "--config", config.toString());
    assertThat(look.exit()).as(look.err()).isZero();
    assertThat(look.out().strip().lines()).hasSize(5);

    JarRun.Result take = mq("consume", queue, "--max", "300", "--ack", "--config", config.toString());
    assertThat(take.exit()).as(take.err()).isZero();
    assertThat(take.err()).contains("acknowledged 300 messages");

    // the CLI has no reject: the test dead-letters 50 through the API, as an application would
    try (Broker broker = MessageQueues.connect(brokerConfig); MessageQueue q = broker.queue(queue)) {
      for (int i = 0; i < 50; i++) {
        Envelope e = q.dequeue(Duration.ofSeconds(30)).orElseThrow();
        q.reject(e, false, i < 20 ? "payment declined" : "timeout");
      }
    }

    JarRun.Result count = mq("dlq", queue + "-dlq", "count", "--config", config.toString());
    assertThat(count.exit()).as(count.err()).isZero();
    assertThat(count.out()).contains("50 dead letters", "source " + queue + ": 50",
        "reason payment declined: 20", "reason timeout: 30");

    JarRun.Result replay = mq("dlq", queue + "-dlq", "replay", "--config", config.toString());
    assertThat(replay.exit()).as(replay.err()).isZero();
    assertThat(replay.out()).contains("replayed 50 dead letters to their source queues");

    JarRun.Result left = mq("dlq", queue + "-dlq", "count", "--config", config.toString());
    assertThat(left.out()).contains("0 dead letters");

    // nothing lost: 1000 - 300 acknowledged - 50 dead-lettered + 50 replayed
    JarRun.Result rest = mq("consume", queue, "--max", "2000", "--ack", "--config", config.toString());
    assertThat(rest.exit()).as(rest.err()).isZero();
    assertThat(rest.err()).contains("acknowledged 700 messages");
  }

  @Test
  void aStoppedPushReportsExactlyWhatWasPushed() throws Exception {
    String queue = "cli-stop-" + Long.toString(new SecureRandom().nextLong() & Long.MAX_VALUE, 36);
    Path lines = dir.resolve("many.txt");
    Files.write(lines, IntStream.range(0, 20_000).mapToObj(i -> "line-" + i).toList());
    Path out = dir.resolve("stop-out.txt");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", System.getProperty("mqtest.cli.jar"), "push", queue, "--lines", lines.toString(),
        "--config", config.toString())
        .redirectOutput(out.toFile()).redirectError(dir.resolve("stop-err.txt").toFile()).start();
    // stop it somewhere in the middle: where does not matter, the report must match the queue
    Thread.sleep(5_000);
    p.destroy(); // SIGTERM, like Ctrl-C: the shutdown hook asks the command to stop
    assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    String report = Files.readString(out);
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile("stopped: pushed (\\d+) messages to " + queue).matcher(report);
    assertThat(m.find()).as(report + Files.readString(dir.resolve("stop-err.txt"))).isTrue();
    int pushed = Integer.parseInt(m.group(1));
    assertThat(pushed).isLessThan(20_000);
    JarRun.Result all = mq("consume", queue, "--max", "20000", "--ack", "--wait", "10s", "--config", config.toString());
    assertThat(all.err()).contains("acknowledged " + pushed + " message");
  }

  @Test
  void tckRunsFromTheJar() throws Exception {
    JarRun.Result r = mq("tck", "--rules", "2.1,3.1", "--config", config.toString());
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("2.1    PASSED", "3.1    PASSED", "2 passed, 0 failed, 0 skipped");
  }

  @Test
  void aMissingStreamIsAConfigurationError() throws Exception {
    JarRun.Result r = mq("consume", "cli-no-such-stream", "--config", config.toString(),
        "-D", "mq.kinesis.create-streams=false", "-D", "mq.kinesis.secret-access-key=topsecret99");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("mq: ").contains("cli-no-such-stream").doesNotContain("\tat ")
        .doesNotContain("topsecret99");
  }

  private static JarRun.Result mq(String... args) throws Exception {
    return JarRun.run(dir, "", 5, args);
  }
}
