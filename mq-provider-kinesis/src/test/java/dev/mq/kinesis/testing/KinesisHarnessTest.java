package dev.mq.kinesis.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

@ExtendWith(KinesisEndpointExtension.class)
class KinesisHarnessTest {

  @Test
  void sharedEndpointCreatesStreamsAndRoundTripsARecord(KinesisEndpoint endpoint) {
    try (KinesisClient client = endpoint.syncClient()) {
      String stream = TestStreams.createActive(client, "harness", 1);
      try {
        assertThat(putAndReadBack(client, stream, "hello")).containsExactly("hello");
      } finally {
        TestStreams.delete(client, stream);
      }
    }
  }

  @Test
  void asyncClientReachesTheSameEndpoint(KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("harness-async", 1);
    try (KinesisAsyncClient client = endpoint.asyncClient()) {
      var summary = client.describeStreamSummary(b -> b.streamName(stream)).join();
      assertThat(summary.streamDescriptionSummary().openShardCount()).isEqualTo(1);
    } finally {
      endpoint.deleteStream(stream);
    }
  }

  @Test
  void uniqueNamesNeverRepeat() {
    assertThat(TestStreams.uniqueName("x")).isNotEqualTo(TestStreams.uniqueName("x"));
    assertThat(TestStreams.uniqueName("bad name/with*chars")).matches("[a-zA-Z0-9_.-]+");
  }

  @Test
  void deletedStreamIsGoneAndDeletingAgainIsHarmless(KinesisEndpoint endpoint) {
    try (KinesisClient client = endpoint.syncClient()) {
      String stream = TestStreams.createActive(client, "harness-delete", 1);
      TestStreams.delete(client, stream);
      TestStreams.delete(client, stream);
      awaitGone(client, stream);
    }
  }

  @Test
  void providerConfigPointsTheProviderAtTheEndpoint(KinesisEndpoint endpoint) {
    Map<String, String> config = endpoint.providerConfig();
    assertThat(config)
        .containsEntry("mq.provider", "kinesis")
        .containsEntry("mq.kinesis.endpoint", endpoint.uri().toString())
        .containsEntry("mq.kinesis.region", "us-east-1")
        .containsEntry("mq.kinesis.create-streams", "true")
        .containsKeys("mq.kinesis.access-key-id", "mq.kinesis.secret-access-key");
    config.put("mq.kinesis.region", "changed");
    assertThat(endpoint.providerConfig()).containsEntry("mq.kinesis.region", "us-east-1");
  }

  @Test
  void withoutAnEndpointTheFailureSaysHowToProvideOne() {
    assertThat(KinesisEmulators.noEndpoint().getMessage())
        .contains("MQ_KINESIS_ENDPOINT", "-Dmqtest.kinesis.endpoint", "node and npm", "Docker");
  }

  @Test
  void toStringNeverShowsCredentials() {
    KinesisEndpoint e = new KinesisEndpoint(URI.create("http://127.0.0.1:1"),
        KinesisEndpoint.Flavor.EXTERNAL, "AKIDEXAMPLE", "s3cr3t-value");
    assertThat(e.toString()).doesNotContain("AKIDEXAMPLE", "s3cr3t-value").contains("127.0.0.1:1");
  }

  @Test
  void startedEmulatorsListenOnLoopbackOnly(KinesisEndpoint endpoint) throws IOException {
    assumeThat(endpoint.flavor()).isEqualTo(KinesisEndpoint.Flavor.KINESIS_LOCAL);
    Path tcp = Path.of("/proc/net/tcp");
    assumeThat(Files.isReadable(tcp)).as("Linux /proc/net/tcp").isTrue();
    int port = endpoint.uri().getPort();
    assertThat(listeningAddresses(tcp, port)).containsExactly("0100007F"); // 127.0.0.1
    Path tcp6 = Path.of("/proc/net/tcp6");
    if (Files.isReadable(tcp6)) {
      assertThat(listeningAddresses(tcp6, port)).isEmpty();
    }
  }

  @Test
  void persistentKinesisLocalKeepsRecordsAcrossRestart(@TempDir Path data) {
    try (EmulatorProcess emulator = KinesisEmulators.startKinesisLocal(data)) {
      String stream;
      try (KinesisClient client = emulator.endpoint().syncClient()) {
        stream = TestStreams.createActive(client, "durable", 1);
        assertThat(putAndReadBack(client, stream, "survives")).containsExactly("survives");
      }
      emulator.stop();
      assertThat(emulator.isRunning()).isFalse();
      emulator.start();
      try (KinesisClient client = emulator.endpoint().syncClient()) {
        assertThat(readAll(client, stream)).containsExactly("survives");
      }
    }
  }

  @Test
  void kinesaliteStartsAndRoundTripsARecord() {
    try (EmulatorProcess emulator = KinesisEmulators.startKinesalite(null);
        KinesisClient client = emulator.endpoint().syncClient()) {
      assertThat(emulator.endpoint().flavor()).isEqualTo(KinesisEndpoint.Flavor.KINESALITE);
      String stream = TestStreams.createActive(client, "lite", 1);
      assertThat(putAndReadBack(client, stream, "lite")).containsExactly("lite");
    }
  }

  @Test
  void stoppedEmulatorCanBeClosedTwice() {
    EmulatorProcess emulator = KinesisEmulators.startKinesisLocal(null);
    assertThat(emulator.isRunning()).isTrue();
    emulator.close();
    emulator.close();
    assertThat(emulator.isRunning()).isFalse();
  }

  private static List<String> putAndReadBack(KinesisClient client, String stream, String body) {
    client.putRecord(b -> b.streamName(stream).partitionKey("k")
        .data(SdkBytes.fromString(body, StandardCharsets.UTF_8)));
    return readAll(client, stream);
  }

  private static List<String> readAll(KinesisClient client, String stream) {
    String shard = client.listShards(b -> b.streamName(stream)).shards().get(0).shardId();
    String iterator = client.getShardIterator(b -> b.streamName(stream).shardId(shard)
        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < 5 && iterator != null; i++) {
      String it = iterator;
      GetRecordsResponse r = client.getRecords(b -> b.shardIterator(it));
      for (Record rec : r.records()) {
        bodies.add(rec.data().asUtf8String());
      }
      iterator = r.nextShardIterator();
      if (r.millisBehindLatest() != null && r.millisBehindLatest() == 0 && !bodies.isEmpty()) {
        break;
      }
    }
    return bodies;
  }

  private static void awaitGone(KinesisClient client, String stream) {
    long deadline = System.nanoTime()
        + TestTimeouts.scaled(java.time.Duration.ofSeconds(20)).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        client.describeStreamSummary(b -> b.streamName(stream));
      } catch (ResourceNotFoundException e) {
        return;
      }
      TestStreams.sleep(java.time.Duration.ofMillis(25));
    }
    throw new AssertionError("stream " + stream + " still exists");
  }

  /** Local addresses (hex, as the kernel prints them) of sockets listening on {@code port}. */
  private static List<String> listeningAddresses(Path procNetTcp, int port) throws IOException {
    String hexPort = String.format(Locale.ROOT, "%04X", port);
    List<String> out = new ArrayList<>();
    List<String> lines = Files.readAllLines(procNetTcp);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.trim().split("\\s+");
      String[] local = f[1].split(":");
      boolean listening = f[3].equals("0A");
      if (listening && local[1].equals(hexPort)) {
        out.add(local[0]);
      }
    }
    return out;
  }
}
