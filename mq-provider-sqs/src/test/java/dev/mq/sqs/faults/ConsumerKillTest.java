package dev.mq.sqs.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.Broker;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.sqs.testing.SqsTests;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A consumer JVM SIGKILLed while it holds a batch unacknowledged: its messages come back after
 * the visibility timeout, with their attempt raised, and nothing is lost or delivered twice to
 * the survivor; what it acknowledged never comes back.
 */
class ConsumerKillTest {

  private static final int MESSAGES = 50;
  private static final int ACKNOWLEDGED_BY_CHILD = 20;

  @Test
  void killedConsumersBatchComesBackAfterTheVisibilityTimeout() throws Exception {
    String name = SqsTests.uniqueName();
    Map<String, String> config = SqsTests.config("mq.sqs.visibility-timeout", "2s");
    try (Broker broker = SqsTests.connect("mq.sqs.visibility-timeout", "2s"); MessageQueue q = broker.queue(name)) {
      List<Envelope> all = new ArrayList<>();
      for (int i = 0; i < MESSAGES; i++) {
        all.add(Envelope.of("m" + i));
      }
      q.pushAll(all);

      Set<String> acknowledged = new HashSet<>();
      Set<String> held = new HashSet<>();
      Process child = start(config, name);
      try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null && !line.equals(KillableConsumer.HOLDING)) {
          if (line.startsWith("A ")) {
            acknowledged.add(line.substring(2));
          } else if (line.startsWith("H ")) {
            held.add(line.substring(2));
          }
        }
        assertThat(line).as("the child's output ended before it held a batch").isEqualTo(KillableConsumer.HOLDING);
      } finally {
        child.destroyForcibly(); // SIGKILL: no close, no give-back
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(acknowledged).hasSize(ACKNOWLEDGED_BY_CHILD);
      assertThat(held).isNotEmpty();

      Map<String, Envelope> received = new HashMap<>();
      long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (received.size() < MESSAGES - ACKNOWLEDGED_BY_CHILD && System.nanoTime() < end) {
        for (Envelope e : q.dequeue(10, Duration.ofSeconds(1))) {
          assertThat(received.put(e.bodyAsString(), e)).as("delivered twice: %s", e.bodyAsString()).isNull();
          assertThat(acknowledged).as("acknowledged by the killed consumer").doesNotContain(e.bodyAsString());
          q.acknowledge(e);
        }
      }
      Set<String> expected = new HashSet<>();
      all.forEach(e -> expected.add(e.bodyAsString()));
      expected.removeAll(acknowledged);
      assertThat(received.keySet()).as("every message the killed consumer did not acknowledge").isEqualTo(expected);
      for (String h : held) {
        assertThat(received.get(h).deliveryAttempt()).as("attempt of %s, held by the killed consumer", h).isEqualTo(2);
      }
      assertThat(q.dequeue(Duration.ofSeconds(3))).isEmpty();
    }
  }

  private static Process start(Map<String, String> config, String queue) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    config.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.add("-Dorg.slf4j.simpleLogger.logFile=System.err");
    cmd.add(KillableConsumer.class.getName());
    cmd.add(queue);
    cmd.add(Integer.toString(ACKNOWLEDGED_BY_CHILD));
    return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }
}
