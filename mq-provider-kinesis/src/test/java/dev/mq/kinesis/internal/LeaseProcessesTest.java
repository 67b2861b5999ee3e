package dev.mq.kinesis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.mq.Envelope;
import dev.mq.kinesis.testing.Dynalite;
import dev.mq.kinesis.testing.KinesisEndpoint;
import dev.mq.kinesis.testing.KinesisEndpointExtension;
import dev.mq.kinesis.testing.TestStreams;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ScalingType;

/**
 * One consumer group in three real consumer processes (child JVMs running {@link LeaseWorker})
 * sharing a stream through the dynamodb lease table in dynalite: they balance the shards, take
 * over the shards of a process killed with SIGKILL, hand shards over without duplicating
 * acknowledged messages in a rolling restart, and keep per-key order through a reshard.
 */
@ExtendWith(KinesisEndpointExtension.class)
class LeaseProcessesTest {

  private static final Duration FAILOVER = Duration.ofSeconds(3);
  private static final int READ_AHEAD = 20;
  private static final int KEYS = 12;
  private static final String GROUP = "default";
  @AutoClose
  private static final Dynalite dynalite = Dynalite.start();

  @TempDir
  Path dir;
  private final String table = TestStreams.uniqueName("leases");
  private final List<Worker> workers = new ArrayList<>();
  private final Map<String, Integer> nextIndex = new HashMap<>();
  private final Map<String, String> bodyById = new LinkedHashMap<>();

  @AfterEach
  void killLeftoversAndKeepLogs(TestInfo test) throws IOException {
    workers.forEach(Worker::kill);
    // the workers' receipts and logs, for a look after a failure
    Path keep = Path.of("target", "lease-processes", test.getTestMethod().orElseThrow().getName());
    Files.createDirectories(keep);
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.copy(f, keep.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  @Test
  void threeProcessesBalanceAndTakeOverTheShardsOfAKilledOne(KinesisEndpoint endpoint) throws Exception {
    String stream = endpoint.createStream("leases-kill", 6);
    Map<String, String> config = config(endpoint);
    startAll(config, stream, 5);
    awaitLeases(stream, "three workers with two leases each", workers, 2);

    try (KinesisBroker producer = ProviderTests.connect(producerConfig(endpoint))) {
      push(producer, stream, 300);
      ProviderTests.await("half the messages received", () -> distinctReceived() >= 150);
      Worker victim = workers.get(0);
      victim.kill(); // SIGKILL mid-stream: no hand-over, no last checkpoint
      long killedAt = System.nanoTime();
      push(producer, stream, 300);
      List<Worker> survivors = workers.subList(1, 3);
      awaitLeases(stream, "the survivors hold three leases each", survivors, 3);
      System.out.printf("shards of the killed process moved within %d ms (failover time %s)%n",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt), FAILOVER);
      ProviderTests.await("every message received", () -> distinctReceived() == bodyById.size());
    }
    for (Worker w : workers.subList(1, 3)) {
      w.stop();
    }

    List<Receipt> all = allReceipts();
    assertNothingLost(all);
    assertPerKeyOrderPerProcess();
    Map<String, Long> counts = all.stream().collect(Collectors.groupingBy(Receipt::id, Collectors.counting()));
    Set<String> duplicated = counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
        .collect(Collectors.toSet());
    Set<String> byVictim = workers.get(0).receipts().stream().map(Receipt::id).collect(Collectors.toSet());
    assertThat(byVictim).as("the killed process had received messages").isNotEmpty();
    assertThat(byVictim).as("the dupes come from the killed process only").containsAll(duplicated);
    // in flight at the kill: at most the read-ahead of its two shards, plus what it acknowledged
    // within the last checkpoint interval (100 ms at 5 ms per message)
    assertThat(duplicated.size()).as("duplicates %s", duplicated).isLessThanOrEqualTo(2 * READ_AHEAD + 20);
    System.out.printf("after SIGKILL: %d of %d messages delivered twice%n", duplicated.size(), bodyById.size());
  }

  @Test
  void aRollingRestartDeliversNoAcknowledgedMessageTwice(KinesisEndpoint endpoint) throws Exception {
    String stream = endpoint.createStream("leases-roll", 6);
    Map<String, String> config = config(endpoint);
    startAll(config, stream, 2);
    awaitLeases(stream, "three workers with two leases each", workers, 2);
    try (KinesisBroker producer = ProviderTests.connect(producerConfig(endpoint))) {
      push(producer, stream, 150);
      for (int i = 0; i < 3; i++) {
        Worker old = workers.get(i);
        // the replacement's JVM boots while the old process closes (its queue opens after)
        Worker fresh = Worker.launch(config, stream, dir, "w" + i + "-restarted", 2);
        old.stop(); // hands its leases over after its last checkpoints
        push(producer, stream, 100);
        fresh.awaitStarted();
        workers.set(i, fresh);
        workers.add(old); // keeps its log for the checks
        push(producer, stream, 100);
        awaitLeases(stream, "the restarted worker holds two leases", workers.subList(0, 3), 2);
      }
      ProviderTests.await("every message received", () -> distinctReceived() == bodyById.size());
    }
    for (Worker w : workers.subList(0, 3)) {
      w.stop();
    }
    List<Receipt> all = allReceipts();
    assertNothingLost(all);
    assertPerKeyOrderPerProcess();
    Set<String> acked = workers.stream().flatMap(w -> w.acked().stream()).collect(Collectors.toSet());
    Map<String, Long> counts = all.stream().collect(Collectors.groupingBy(Receipt::id, Collectors.counting()));
    List<String> ackedTwice = counts.entrySet().stream()
        .filter(e -> e.getValue() > 1 && acked.contains(e.getKey())).map(Map.Entry::getKey).toList();
    assertThat(ackedTwice).as("acknowledged messages delivered again").isEmpty();
  }

  @Test
  void aSplitWhileThreeProcessesConsumeKeepsEveryMessageAndPerKeyOrder(KinesisEndpoint endpoint) throws Exception {
    String stream = endpoint.createStream("leases-split", 3);
    Map<String, String> config = config(endpoint);
    startAll(config, stream, 5);
    awaitLeases(stream, "three workers with one lease each", workers, 1);
    try (KinesisBroker producer = ProviderTests.connect(producerConfig(endpoint));
        KinesisClient admin = endpoint.syncClient()) {
      push(producer, stream, 240); // a backlog in the parents: consumption goes on during the reshard
      admin.updateShardCount(b -> b.streamName(stream).targetShardCount(6)
          .scalingType(ScalingType.UNIFORM_SCALING));
      TestStreams.awaitActive(admin, stream);
      push(producer, stream, 240);
      ProviderTests.await("every message received", () -> distinctReceived() == bodyById.size());
      awaitLeases(stream, "the children are balanced too", workers, 2);
    }
    for (Worker w : workers) {
      w.stop();
    }
    List<Receipt> all = allReceipts();
    assertNothingLost(all);
    assertThat(all.stream().map(Receipt::id)).as("no process failed: nothing twice").doesNotHaveDuplicates();
    // Across processes: a message of a key is received only after the previous one of the key
    // was acknowledged, wherever the key moved (parent before child).
    Map<String, Long> ackedAt = new HashMap<>();
    workers.forEach(w -> ackedAt.putAll(w.ackTimes()));
    Map<String, List<Receipt>> byKey = all.stream().collect(Collectors.groupingBy(Receipt::key, TreeMap::new,
        Collectors.toList()));
    byKey.forEach((key, receipts) -> {
      receipts.sort((a, b) -> Integer.compare(a.index(), b.index()));
      for (int i = 1; i < receipts.size(); i++) {
        Receipt prev = receipts.get(i - 1);
        Receipt cur = receipts.get(i);
        assertThat(cur.micros()).as("%s received after %s was acknowledged", cur, prev)
            .isGreaterThanOrEqualTo(ackedAt.get(prev.id()));
      }
    });
  }

  // ---- helpers

  /** Launches three workers at once (JVM start-up is the slow part), then waits for each. */
  private void startAll(Map<String, String> config, String stream, long delayMillis) throws Exception {
    for (int i = 0; i < 3; i++) {
      workers.add(Worker.launch(config, stream, dir, "w" + i, delayMillis));
    }
    for (Worker w : workers) {
      w.awaitStarted();
    }
  }

  private Map<String, String> config(KinesisEndpoint endpoint) {
    Map<String, String> c = endpoint.providerConfig();
    c.put("mq.kinesis.poll-interval", "200ms");
    c.put("mq.kinesis.checkpoint-interval", "100ms");
    c.put("mq.kinesis.shard-discovery-interval", "500ms");
    c.put("mq.kinesis.read-backoff-max", "1s");
    c.put("mq.kinesis.read-ahead-records", Integer.toString(READ_AHEAD));
    return dynalite.addStoreConfig(c, table, FAILOVER);
  }

  private Map<String, String> producerConfig(KinesisEndpoint endpoint) {
    Map<String, String> c = endpoint.providerConfig();
    c.put("mq.kinesis.checkpoint-store", "memory");
    return c;
  }

  /** Pushes {@code n} messages over {@value #KEYS} keys; bodies are {@code key:index}. */
  private void push(KinesisBroker producer, String stream, int n) {
    List<Envelope> batch = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String key = "k" + (i % KEYS);
      int index = nextIndex.merge(key, 1, Integer::sum);
      Envelope e = Envelope.builder().body(key + ":" + index).partitionKey(key).build();
      bodyById.put(e.messageId(), e.bodyAsString());
      batch.add(e);
      if (batch.size() == 100) {
        producer.write(stream, batch, true);
        batch = new ArrayList<>();
      }
    }
    if (!batch.isEmpty()) {
      producer.write(stream, batch, true);
    }
  }

  private long distinctReceived() {
    return workers.stream().flatMap(w -> w.receipts().stream()).map(Receipt::id).distinct().count();
  }

  private List<Receipt> allReceipts() {
    return workers.stream().flatMap(w -> w.receipts().stream()).toList();
  }

  private void assertNothingLost(List<Receipt> all) {
    assertThat(all.stream().map(Receipt::id).collect(Collectors.toSet()))
        .as("every pushed message was received").isEqualTo(bodyById.keySet());
  }

  /** Within each process, each key's messages arrive in push order (a repeat only after a loss). */
  private void assertPerKeyOrderPerProcess() {
    for (Worker w : workers) {
      Map<String, Integer> last = new HashMap<>();
      for (Receipt r : w.receipts()) {
        Integer before = last.put(r.key(), r.index());
        if (before != null) {
          assertThat(r.index()).as("%s in %s after index %d", r, w, before).isGreaterThan(before);
        }
      }
    }
  }

  /** Waits until each of {@code expected} holds exactly {@code each} leases of shards not ended and nobody else holds any. */
  private void awaitLeases(String stream, String what, List<Worker> expected, int each) {
    ProviderTests.await(what, () -> {
      Map<Long, Integer> byPid = leasesByPid(stream);
      return byPid.size() == expected.size()
          && expected.stream().allMatch(w -> byPid.getOrDefault(w.pid(), 0) == each);
    });
  }

  private Map<Long, Integer> leasesByPid(String stream) {
    Map<Long, Integer> out = new HashMap<>();
    try (DynamoDbClient client = dynalite.client()) {
      for (Map<String, AttributeValue> item : client.query(b -> b.tableName(table).consistentRead(true)
          .keyConditionExpression("streamGroup = :k")
          .expressionAttributeValues(Map.of(":k", AttributeValue.fromS(stream + "/" + GROUP)))).items()) {
        AttributeValue owner = item.get("leaseOwner");
        AttributeValue cp = item.get("checkpoint");
        if (owner == null || (cp != null && "SHARD_END".equals(cp.s()))) {
          continue;
        }
        out.merge(Long.parseLong(owner.s().split(":")[1]), 1, Integer::sum);
      }
    } catch (software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException e) {
      // the table is created by the first worker
    }
    return out;
  }

  /** One line of a worker's log. */
  record Receipt(long micros, String id, String key, int index) {}

  /** A consumer process. */
  private static final class Worker {
    private final String name;
    private final Process process;
    private final Path log;

    private Worker(String name, Process process, Path log) {
      this.name = name;
      this.process = process;
      this.log = log;
    }

    /** Starts the process; {@link #awaitStarted()} waits until its queue is open. */
    static Worker launch(Map<String, String> config, String stream, Path dir, String name, long delayMillis)
        throws Exception {
      Path log = dir.resolve(name + ".log");
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.add("-Xmx256m");
      cmd.add("-XX:TieredStopAtLevel=1");
      cmd.add("-XX:+UseSerialGC");
      cmd.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
      cmd.add("-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS");
      cmd.add("-Dorg.slf4j.simpleLogger.log.dev.mq.kinesis.internal.consumer=debug");
      cmd.add("-cp");
      cmd.add(System.getProperty("java.class.path"));
      config.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
      cmd.add(LeaseWorker.class.getName());
      cmd.add(stream);
      cmd.add(log.toString());
      cmd.add(Long.toString(delayMillis));
      Process p = new ProcessBuilder(cmd).redirectError(dir.resolve(name + ".err").toFile()).start();
      return new Worker(name, p, log);
    }

    void awaitStarted() throws Exception {
      CompletableFuture<Boolean> started = CompletableFuture.supplyAsync(() -> awaitLine(LeaseWorker.STARTED));
      assertThat(started.get(ProviderTests.AWAIT.toMillis(), TimeUnit.MILLISECONDS))
          .as("%s started; its stderr is in %s.err", name, log.getParent().resolve(name)).isTrue();
    }

    long pid() {
      return process.pid();
    }

    private boolean awaitLine(String wanted) {
      BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      try {
        String line;
        while ((line = r.readLine()) != null) {
          if (line.equals(wanted)) {
            return true;
          }
        }
      } catch (IOException e) {
        return false;
      }
      return false;
    }

    /** Asks it to close its broker (handing its leases over) and waits until it ends. */
    void stop() throws Exception {
      if (!process.isAlive()) {
        return;
      }
      OutputStream in = process.getOutputStream();
      in.write("stop\n".getBytes(StandardCharsets.UTF_8));
      in.flush();
      CompletableFuture<Boolean> closed = CompletableFuture.supplyAsync(() -> awaitLine(LeaseWorker.CLOSED));
      if (!closed.get(ProviderTests.AWAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        fail(name + " ended without closing");
      }
      process.waitFor(ProviderTests.AWAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** SIGKILL. */
    void kill() {
      process.destroyForcibly();
      try {
        process.waitFor(ProviderTests.AWAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    List<Receipt> receipts() {
      List<Receipt> out = new ArrayList<>();
      for (String line : lines()) {
        String[] f = line.split(" ");
        if (f.length == 4 && f[0].equals("R")) {
          String[] body = f[3].split(":");
          out.add(new Receipt(Long.parseLong(f[1]), f[2], body[0], Integer.parseInt(body[1])));
        }
      }
      return out;
    }

    Set<String> acked() {
      return ackTimes().keySet();
    }

    Map<String, Long> ackTimes() {
      Map<String, Long> out = new HashMap<>();
      for (String line : lines()) {
        String[] f = line.split(" ");
        if (f.length == 3 && f[0].equals("A")) {
          out.putIfAbsent(f[2], Long.parseLong(f[1]));
        }
      }
      return out;
    }

    private List<String> lines() {
      if (!Files.exists(log)) {
        return List.of();
      }
      try {
        // a line cut short by a SIGKILL has no newline: only complete lines count
        String all = Files.readString(log, StandardCharsets.UTF_8);
        int end = all.lastIndexOf('\n');
        return end < 0 ? List.of() : List.of(all.substring(0, end).split("\n"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public String toString() {
      return name + " (pid " + process.pid() + ")";
    }
  }
}
