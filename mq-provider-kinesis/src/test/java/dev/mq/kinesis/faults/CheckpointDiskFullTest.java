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
import dev.mq.kinesis.internal.checkpoint.FileCheckpointStoreFullDiskFactory;
import dev.mq.kinesis.testing.KinesisEndpoint;
import dev.mq.kinesis.testing.KinesisEndpointExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The disk of the file checkpoint store fills up under a running consumer: consuming goes on,
 * the last good checkpoint file stays readable and is never moved backwards, the checkpoint
 * catches up once there is space again, and a broker closed while the disk is full loses
 * nothing (what it could not checkpoint is delivered again after the restart).
 */
@ExtendWith(KinesisEndpointExtension.class)
class CheckpointDiskFullTest {

  private static final String GROUP = "default";
  private static final Duration QUIET = Duration.ofMillis(1500);

  @TempDir
  Path dir;

  @AfterEach
  void spaceAgain() {
    FileCheckpointStoreFullDiskFactory.full = false;
  }

  @Test
  void aFullDiskDelaysCheckpointsButLosesNothing(KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("diskfull", 1);
    Map<String, String> config = FaultTests.config(endpoint, dir);
    config.put("mq.kinesis.checkpoint-store", FileCheckpointStoreFullDiskFactory.NAME);
    Map<String, String> plain = FaultTests.config(endpoint, dir);
    FileCheckpointStore files = new FileCheckpointStore(dir);
    List<String> bodies = new ArrayList<>();
    int received = 0;
    int duplicates = 0;
    try (KinesisBroker broker = FaultTests.connect(config)) {
      MessageQueue q = broker.queue(stream);
      for (int i = 0; i < 40; i++) {
        bodies.add("m" + i);
        q.push(Envelope.of("m" + i));
      }
      Map<String, StreamPositions.Position> at = positions(endpoint, stream, 40);
      received += receiveAndAck(q, bodies.subList(0, 20));
      awaitCovered(files, stream, at.get("m19"));

      FileCheckpointStoreFullDiskFactory.full = true;
      int failedBefore = FileCheckpointStoreFullDiskFactory.FAILED_WRITES.get();
      received += receiveAndAck(q, bodies.subList(20, 40)); // consuming goes on
      Waits.await("a checkpoint write failed on the full disk", FaultTests.AWAIT,
          () -> FileCheckpointStoreFullDiskFactory.FAILED_WRITES.get() > failedBefore);
      Checkpoint kept = files.load(stream, GROUP).get(at.get("m19").shardId());
      assertThat(at.get("m19").coveredBy(kept)).as("the last good checkpoint is intact").isTrue();
      assertThat(at.get("m39").coveredBy(kept)).as("nothing was written on the full disk").isFalse();

      FileCheckpointStoreFullDiskFactory.full = false;
      awaitCovered(files, stream, at.get("m39")); // catches up by itself

      // the disk fills again, and the broker closes with acknowledgements it cannot checkpoint
      for (int i = 40; i < 50; i++) {
        bodies.add("m" + i);
        q.push(Envelope.of("m" + i));
      }
      FileCheckpointStoreFullDiskFactory.full = true;
      received += receiveAndAck(q, bodies.subList(40, 50));
      Waits.boundedly("closing the broker on a full disk", FaultTests.CLOSE_BOUND, broker::close);
    }
    FileCheckpointStoreFullDiskFactory.full = false;
    assertThat(files.load(stream, GROUP)).as("still readable after the failed final save").isNotEmpty();

    try (KinesisBroker restarted = FaultTests.connect(plain)) {
      MessageQueue q = restarted.queue(stream);
      duplicates = receiveAndAck(q, bodies.subList(40, 50)); // not checkpointed: delivered again
      Optional<Envelope> more = q.dequeue(QUIET);
      assertThat(more).as("everything checkpointed stays done").isEmpty();
    }
    Ledger.Counts counts = new Ledger.Counts(50, 0, 50, received + duplicates, duplicates, 50 - received, 0);
    FaultReport.record("CheckpointDiskFullTest", counts, "failed checkpoint writes "
        + FileCheckpointStoreFullDiskFactory.FAILED_WRITES.get());
    assertThat(received).isEqualTo(50);
    assertThat(duplicates).isEqualTo(10);
  }

  /** Receives exactly {@code expected}, in order, and acknowledges each. */
  private static int receiveAndAck(MessageQueue q, List<String> expected) {
    List<String> got = new ArrayList<>();
    long deadline = System.nanoTime() + FaultTests.AWAIT.toNanos();
    while (got.size() < expected.size()) {
      if (System.nanoTime() > deadline) {
        fail("expected " + expected + " within " + FaultTests.AWAIT + ", got " + got);
      }
      q.dequeue(Duration.ofMillis(200)).ifPresent(e -> {
        got.add(e.bodyAsString());
        q.acknowledge(e);
      });
    }
    assertThat(got).containsExactlyElementsOf(expected);
    return got.size();
  }

  private static void awaitCovered(FileCheckpointStore files, String stream, StreamPositions.Position p) {
    Waits.await("the checkpoint file covers " + p, FaultTests.AWAIT,
        () -> p.coveredBy(files.load(stream, GROUP).get(p.shardId())));
  }

  private static Map<String, StreamPositions.Position> positions(KinesisEndpoint endpoint, String stream, int n) {
    try (KinesisClient c = endpoint.syncClient()) {
      Map<String, StreamPositions.Position> at = StreamPositions.read(c, stream);
      assertThat(at).hasSizeGreaterThanOrEqualTo(n);
      return at;
    }
  }
}
