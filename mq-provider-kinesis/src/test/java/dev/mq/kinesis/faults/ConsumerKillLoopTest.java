package dev.mq.kinesis.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.mq.tck.faults.Ledger;
import dev.mq.tck.faults.Waits;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.kinesis.checkpoint.Checkpoint;
import dev.mq.kinesis.internal.KinesisBroker;
import dev.mq.kinesis.internal.checkpoint.FileCheckpointStore;
import dev.mq.kinesis.internal.checkpoint.FileCheckpointStoreSlowRenameFactory;
import dev.mq.kinesis.testing.KinesisEndpoint;
import dev.mq.kinesis.testing.KinesisEndpointExtension;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * A consumer process (a child JVM with the file checkpoint store) killed with SIGKILL at random
 * points, many times in a row, while more messages arrive between the kills. Every accepted
 * message is eventually delivered and acknowledged, the checkpoint file is never corrupt and
 * never goes backwards across kills, and within each process run each key's messages arrive in
 * push order with none skipped.
 *
 * <p>A message whose acknowledgement returned just before the kill, but whose {@code A} line
 * was not written yet, counts as acknowledged when the checkpoint read after the kill covers it
 * (the checkpoint only moves over acknowledged messages); otherwise it must come again.
 */
@ExtendWith(KinesisEndpointExtension.class)
class ConsumerKillLoopTest {

  private static final int KILLS = FaultSettings.pick(5, 50);
  private static final int KEYS = 8;
  private static final int PER_KEY_PER_ROUND = FaultSettings.pick(12, 6);
  private static final String GROUP = "default";

  @TempDir
  Path dir;

  private final Map<String, List<Integer>> accepted = new HashMap<>();
  private final Set<String> done = new HashSet<>();
  private int duplicates;
  private final Set<String> deliveredEver = new HashSet<>();
  private final List<String> orderViolations = new ArrayList<>();
  private final Map<String, Integer> killPoints = new TreeMap<>();

  @Test
  void aConsumerKilledAgainAndAgainLosesNothingAndItsCheckpointNeverGoesBack(KinesisEndpoint endpoint)
      throws Exception {
    String stream = endpoint.createStream("killloop", 2);
    Map<String, String> config = FaultTests.config(endpoint, dir.resolve("checkpoints"));
    config.put("mq.kinesis.checkpoint-interval", "10ms");
    Map<String, String> producerConfig = new LinkedHashMap<>(config);
    producerConfig.put("mq.kinesis.checkpoint-store", "memory");
    Map<String, String> childConfig = new LinkedHashMap<>(config);
    // the real file store with a pause before each rename, so that kills land mid-write too
    childConfig.put("mq.kinesis.checkpoint-store", FileCheckpointStoreSlowRenameFactory.NAME);
    FileCheckpointStore files = new FileCheckpointStore(dir.resolve("checkpoints"));
    Path tmp = files.fileFor(stream, GROUP).resolveSibling(files.fileFor(stream, GROUP).getFileName() + ".tmp");
    Random random = new Random(4711);
    Map<String, Checkpoint> previous = Map.of();
    List<List<String>> runs = new ArrayList<>();
    List<Map<String, Checkpoint>> checkpointsAfterRun = new ArrayList<>();
    int seq = 0;
    try (KinesisBroker producer = FaultTests.connect(producerConfig)) {
      MessageQueue out = producer.queue(stream, "producer-only");
      for (int kill = 0; kill < KILLS; kill++) {
        seq = pushRound(out, seq);
        Path log = dir.resolve("run-" + kill + ".log");
        Files.createFile(log);
        // one kill in four lands while the child starts; the others once it is consuming
        boolean whileStarting = random.nextInt(4) == 0;
        runChildAndKill(childConfig, stream, log, random.nextLong(), whileStarting,
            Duration.ofMillis(random.nextInt(whileStarting ? 1500 : 600)));
        List<String> lines = completeLines(log);
        runs.add(lines);
        killPoints.merge(Files.exists(tmp) ? "during a checkpoint write (temp file left)"
            : lines.isEmpty() ? "before the first delivery"
            : lines.get(lines.size() - 1).startsWith("D ") ? "holding a message (before its ack)"
            : "after an ack (between messages)", 1, Integer::sum);
        Map<String, Checkpoint> now = files.load(stream, GROUP); // never corrupt, even after a kill mid-write
        assertNotBackwards(previous, now, "after kill " + (kill + 1));
        previous = now;
        checkpointsAfterRun.add(now);
      }
    }

    Map<String, StreamPositions.Position> positions;
    try (KinesisClient client = endpoint.syncClient()) {
      positions = StreamPositions.read(client, stream);
    }
    for (int r = 0; r < runs.size(); r++) {
      settleRun(runs.get(r), checkpointsAfterRun.get(r), positions, r);
    }

    List<String> finalRun = new ArrayList<>();
    try (KinesisBroker broker = FaultTests.connect(config)) {
      MessageQueue q = broker.queue(stream);
      long deadline = System.nanoTime() + FaultTests.AWAIT.toNanos();
      while (missing() > 0) {
        if (System.nanoTime() > deadline) {
          fail("after " + FaultTests.AWAIT + " still " + missing() + " accepted messages never acknowledged");
        }
        Optional<Envelope> e = q.dequeue(Duration.ofMillis(100));
        if (e.isPresent()) {
          finalRun.add("D " + e.get().bodyAsString());
          q.acknowledge(e.get());
          finalRun.add("A " + e.get().bodyAsString());
          done.add(e.get().bodyAsString());
        }
      }
    }
    settleRun(finalRun, null, positions, runs.size());
    assertNotBackwards(previous, files.load(stream, GROUP), "after the final run");

    int sent = accepted.values().stream().mapToInt(List::size).sum();
    Ledger.Counts counts = new Ledger.Counts(sent, 0, done.size(), deliveries(runs) + count(finalRun, "D "),
        duplicates, missing(), orderViolations.size());
    FaultReport.record("ConsumerKillLoopTest kills " + KILLS, counts, "kill points " + killPoints);
    assertThat(orderViolations).as("per-key order within each run").isEmpty();
    assertThat(counts.lost()).isZero();
    assertThat(counts.received()).isEqualTo(sent);
    assertThat(killPoints.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(KILLS);
  }

  /** One pushAll per round: it keeps each key's order and throws unless all were written. */
  private int pushRound(MessageQueue q, int firstSeq) {
    List<Envelope> batch = new ArrayList<>();
    for (int s = firstSeq; s < firstSeq + PER_KEY_PER_ROUND; s++) {
      for (int k = 0; k < KEYS; k++) {
        String key = Workload.key(k);
        batch.add(Envelope.builder().partitionKey(key).body(Ledger.body(key, s)).build());
      }
    }
    q.pushAll(batch);
    for (int s = firstSeq; s < firstSeq + PER_KEY_PER_ROUND; s++) {
      for (int k = 0; k < KEYS; k++) {
        accepted.computeIfAbsent(Workload.key(k), x -> new ArrayList<>()).add(s);
      }
    }
    return firstSeq + PER_KEY_PER_ROUND;
  }

  /**
   * Books one run: acknowledged messages are done (also those the checkpoint after the run
   * covers), re-deliveries of done ones are duplicates, and each key's deliveries in the run
   * must be consecutive messages of the key starting no later than the first one not done.
   */
  private void settleRun(List<String> lines, Map<String, Checkpoint> checkpointAfter,
      Map<String, StreamPositions.Position> positions, int run) {
    Map<String, Integer> lastOfKey = new HashMap<>();
    Set<String> doneBefore = new HashSet<>(done);
    for (String line : lines) {
      String body = line.substring(2);
      if (line.startsWith("A ")) {
        done.add(body);
        continue;
      }
      if (!deliveredEver.add(body) && doneBefore.contains(body)) {
        duplicates++;
      }
      String key = body.substring(0, body.lastIndexOf(':'));
      int s = Integer.parseInt(body.substring(body.lastIndexOf(':') + 1));
      Integer last = lastOfKey.put(key, s);
      if (last != null && s != last + 1) {
        orderViolations.add("run " + run + ": " + key + ":" + s + " delivered after " + key + ":" + last);
      }
      if (last == null) {
        for (int earlier = 0; earlier < s; earlier++) {
          if (!doneBefore.contains(Ledger.body(key, earlier))) {
            orderViolations.add("run " + run + " started " + key + " at " + s + ", skipping " + earlier);
            break;
          }
        }
      }
    }
    if (checkpointAfter != null) {
      for (String line : lines) {
        String body = line.substring(2);
        StreamPositions.Position p = positions.get(body);
        if (line.startsWith("D ") && !done.contains(body) && p != null
            && p.coveredBy(checkpointAfter.get(p.shardId()))) {
          done.add(body); // acknowledged and checkpointed; the kill came before its A line
        }
      }
    }
  }

  private int missing() {
    int n = 0;
    for (Map.Entry<String, List<Integer>> e : accepted.entrySet()) {
      for (int s : e.getValue()) {
        if (!done.contains(Ledger.body(e.getKey(), s))) {
          n++;
        }
      }
    }
    return n;
  }

  private static int deliveries(List<List<String>> runs) {
    return runs.stream().mapToInt(r -> count(r, "D ")).sum();
  }

  private static int count(List<String> lines, String prefix) {
    return (int) lines.stream().filter(l -> l.startsWith(prefix)).count();
  }

  private static void assertNotBackwards(Map<String, Checkpoint> before, Map<String, Checkpoint> after, String when) {
    for (Map.Entry<String, Checkpoint> e : before.entrySet()) {
      Checkpoint now = after.get(e.getKey());
      assertThat(now).as("checkpoint of %s %s", e.getKey(), when).isNotNull();
      assertThat(now.compareTo(e.getValue())).as("checkpoint of %s %s: %s, before %s", e.getKey(), when,
          now, e.getValue()).isGreaterThanOrEqualTo(0);
    }
  }

  private static List<String> completeLines(Path log) throws IOException {
    String text = Files.readString(log, StandardCharsets.UTF_8);
    int end = text.lastIndexOf('\n');
    return end < 0 ? List.of() : text.substring(0, end).lines().toList();
  }

  private void runChildAndKill(Map<String, String> config, String stream, Path log, long seed,
      boolean whileStarting, Duration after) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    config.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.add(KillableConsumer.class.getName());
    cmd.add(stream);
    cmd.add(log.toString());
    cmd.add(Long.toString(seed));
    Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    StringBuilder output = new StringBuilder();
    CountDownLatch ready = new CountDownLatch(1);
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (line.equals(KillableConsumer.READY)) {
            ready.countDown();
          } else if (output.length() < 20_000) {
            output.append(line).append('\n');
          }
        }
      } catch (IOException e) {
        // the child was killed
      }
    }, "kill-loop-child-output");
    reader.setDaemon(true);
    reader.start();
    try {
      if (!ready.await(FaultTests.AWAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        fail("the child did not start within " + FaultTests.AWAIT + ":\n" + output);
      }
      if (!whileStarting) {
        Waits.await("the child delivers its first message", FaultTests.AWAIT, () -> log.toFile().length() > 0);
      }
      Waits.sleep(after);
      assertThat(child.isAlive()).as("the child runs until killed; its output:\n%s", output).isTrue();
    } finally {
      child.destroyForcibly(); // SIGKILL: no shutdown hook, no final checkpoint
      assertThat(child.waitFor(FaultTests.AWAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    }
  }
}
