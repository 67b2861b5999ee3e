package dev.mq.kinesis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.kinesis.testing.KinesisEndpoint;
import dev.mq.kinesis.testing.KinesisEndpointExtension;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A consumer process killed with SIGKILL after acknowledging part of a stream: the next process
 * resumes from the checkpoint file, loses nothing, and sees again only what was not acknowledged.
 */
@ExtendWith(KinesisEndpointExtension.class)
class CrashRecoveryTest {

  private static final int MESSAGES = 10;
  private static final int ACKED = 4;
  private static final int HELD = 2;

  @TempDir
  Path dir;

  @Test
  void aKilledConsumerLosesNothingAndRepeatsOnlyUnacknowledgedMessages(KinesisEndpoint endpoint) throws Exception {
    String stream = endpoint.createStream("crash", 1);
    Map<String, String> config = ProviderTests.config(endpoint, dir);
    List<String> ids = new ArrayList<>();
    try (KinesisBroker producer = ProviderTests.connect(config)) {
      MessageQueue q = producer.queue(stream, "producer-only");
      for (int i = 0; i < MESSAGES; i++) {
        Envelope e = Envelope.of("m" + i);
        ids.add(e.messageId());
        q.push(e);
      }
    }

    Process child = startChild(config, stream);
    try {
      CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> readUntilReady(child));
      boolean sawReady = ready.get(ProviderTests.AWAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(sawReady).as("the child acknowledged and checkpointed").isTrue();
    } finally {
      child.destroyForcibly(); // SIGKILL: no shutdown hook, no final checkpoint flush
      child.waitFor(ProviderTests.AWAIT.toMillis(), TimeUnit.MILLISECONDS);
    }
    assertThat(child.isAlive()).isFalse();

    try (KinesisBroker next = ProviderTests.connect(config)) {
      MessageQueue q = next.queue(stream);
      List<String> got = ProviderTests.receiveAndAck(q, MESSAGES - ACKED).stream().map(Envelope::messageId).toList();
      assertThat(got).as("everything after the acknowledged ones, in order, held ones included")
          .containsExactlyElementsOf(ids.subList(ACKED, MESSAGES));
      ProviderTests.assertNothingMore(q);
    }
  }

  private Process startChild(Map<String, String> config, String stream) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    config.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.add(CrashingConsumer.class.getName());
    cmd.add(stream);
    cmd.add(Integer.toString(ACKED));
    cmd.add(Integer.toString(HELD));
    return new ProcessBuilder(cmd).redirectErrorStream(true).start();
  }

  private static boolean readUntilReady(Process child) {
    StringBuilder log = new StringBuilder();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.equals(CrashingConsumer.READY)) {
          return true;
        }
        log.append(line).append('\n');
      }
    } catch (Exception e) {
      log.append(e);
    }
    fail("the child ended without acknowledging:\n" + log);
    return false;
  }
}
