package dev.mq.kinesis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.kinesis.testing.KinesisEndpoint;
import dev.mq.kinesis.testing.KinesisEndpointExtension;
import dev.mq.kinesis.testing.TestTimeouts;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordRequest;

/**
 * KPL aggregates of nearly 1 MiB holding {@value #USERS_PER_AGGREGATE} empty or one-byte user
 * records each: a consumer with default read-ahead settings in a child JVM with a
 * {@value #HEAP} heap delivers every user record once, without OutOfMemoryError, with polling
 * and with enhanced fan-out (the reader is the same). The read-ahead
 * counts each message's retained size (not only its payload) and stops inside an aggregate.
 */
@ExtendWith(KinesisEndpointExtension.class)
class TinyRecordAggregatesMemoryTest {

  static final String HEAP = "64m";
  static final int AGGREGATES = 4;
  static final int USERS_PER_AGGREGATE = 140_000;
  static final int KEYS = 16;
  private static final Duration CHILD_BOUND = TestTimeouts.scaled(Duration.ofMinutes(4));

  @TempDir
  Path dir;

  @Test
  void aSmallHeapConsumerDeliversEveryTinyUserRecordOfSeveralFullAggregates(KinesisEndpoint endpoint)
      throws Exception {
    run(endpoint, ProviderTests.config(endpoint, dir), "polling");
  }

  @Test
  void theSameWithEnhancedFanOut(KinesisEndpoint endpoint) throws Exception {
    Map<String, String> config = ProviderTests.config(endpoint, dir);
    config.put("mq.kinesis.retrieval", "fan-out");
    run(endpoint, config, "fan-out");
  }

  private void run(KinesisEndpoint endpoint, Map<String, String> config, String retrieval)
      throws Exception {
    String stream = endpoint.createStream("kpl-tiny", 1);
    List<String> keys = new ArrayList<>();
    for (int k = 0; k < KEYS; k++) {
      keys.add("key-" + k);
    }
    List<KplRecords.User> users = new ArrayList<>(USERS_PER_AGGREGATE);
    for (int i = 0; i < USERS_PER_AGGREGATE; i++) {
      users.add(new KplRecords.User(i % KEYS, i % 2 == 0 ? new byte[0] : new byte[] {(byte) i}));
    }
    byte[] aggregate = KplRecords.aggregate(keys, users);
    assertThat(aggregate.length).as("one record of almost 1 MiB").isBetween(800_000, 1_000_000);
    try (KinesisClient c = endpoint.syncClient()) {
      for (int a = 0; a < AGGREGATES; a++) {
        c.putRecord(PutRecordRequest.builder().streamName(stream).partitionKey("aggregate-" + a)
            .data(SdkBytes.fromByteArray(aggregate)).build());
      }
    }
    long sent = (long) AGGREGATES * USERS_PER_AGGREGATE;

    Process child = startChild(config, stream, sent);
    StringBuilder output = new StringBuilder();
    CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> readAll(child, output));
    try {
      assertThat(child.waitFor(CHILD_BOUND.toMillis() + 30_000, TimeUnit.MILLISECONDS))
          .as("the child ended").isTrue();
      reading.get(30, TimeUnit.SECONDS);
    } finally {
      child.destroyForcibly();
    }
    String log = output.toString();
    assertThat(log).as("child output").doesNotContain("OutOfMemoryError");
    assertThat(child.exitValue()).as("exit code; output:\n%s", tail(log)).isZero();
    String result = log.lines().filter(l -> l.startsWith(TinyRecordsConsumer.RESULT)).findFirst()
        .orElseThrow(() -> new AssertionError("no result line in:\n" + tail(log)));
    System.out.println("tiny-record aggregates, " + retrieval + ", -Xmx" + HEAP + ": sent=" + sent
        + " " + result);
    assertThat(result).isEqualTo(TinyRecordsConsumer.RESULT + " received=" + sent + " distinct="
        + sent + " duplicated=0");
  }

  private Process startChild(Map<String, String> config, String stream, long expected)
      throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + HEAP);
    cmd.add("-XX:+ExitOnOutOfMemoryError");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    config.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.add(TinyRecordsConsumer.class.getName());
    cmd.add(stream);
    cmd.add(Long.toString(expected));
    cmd.add(Long.toString(CHILD_BOUND.toSeconds()));
    return new ProcessBuilder(cmd).redirectErrorStream(true).start();
  }

  private static void readAll(Process child, StringBuilder output) {
    try (BufferedReader r = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        synchronized (output) {
          output.append(line).append('\n');
        }
      }
    } catch (Exception e) {
      synchronized (output) {
        output.append(e).append('\n');
      }
    }
  }

  private static String tail(String log) {
    return log.length() <= 4000 ? log : log.substring(log.length() - 4000);
  }
}
