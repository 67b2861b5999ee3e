package dev.mq.kinesis.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.tck.faults.Ledger;
import dev.mq.tck.faults.Waits;
import dev.mq.MessageQueue;
import dev.mq.Subscription;
import dev.mq.SubscriptionOptions;
import dev.mq.kinesis.internal.KinesisBroker;
import dev.mq.kinesis.testing.TcpProxy;
import dev.mq.kinesis.testing.EmulatorProcess;
import dev.mq.kinesis.testing.KinesisEmulators;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

/**
 * The broker (a persistent kinesis-local) goes away and comes back in the middle of a
 * produce/consume run, several times: every push either returns (accepted) or throws (reported
 * to its caller), consumers resume on their own, and nothing accepted is lost.
 *
 * <p>The outage is a cut of every connection through a {@link TcpProxy} followed by a stop of the
 * emulator (TERM, which writes its data file) and a start from that file. A SIGKILL of the
 * emulator would be a harsher test, but kinesis-local persists only at a graceful stop: a kill
 * loses everything written since it started, which no client could survive (with real Kinesis
 * an accepted record is replicated before PutRecords answers).
 */
class EmulatorRestartTest {

  private static final int KEYS = 8;
  private static final int PER_KEY = FaultSettings.pick(20, 120);
  private static final int RESTARTS = FaultSettings.pick(1, 4);

  @TempDir
  Path dir;

  @Test
  void producersAndConsumersRideThroughBrokerRestartsAndLoseNothingAccepted() throws Exception {
    Ledger ledger = new Ledger();
    int restarts = 0;
    ThreadLeaks leaks;
    long started = System.nanoTime();
    try (EmulatorProcess emulator = KinesisEmulators.startKinesisLocal(dir.resolve("kinesis-data"));
        TcpProxy proxy = new TcpProxy(emulator.port(), KinesisEmulators.freePort()).resume()) {
      String stream = emulator.endpoint().createStream("restart", 2);
      Map<String, String> config = FaultTests.config(emulator.endpoint(), dir.resolve("checkpoints"));
      config.put("mq.kinesis.endpoint", "http://127.0.0.1:" + proxy.port());
      config.put("mq.kinesis.request-timeout", "3s");
      // shorter than an outage: pushes caught in it must throw (reported), not hang or vanish
      config.put("mq.kinesis.producer-max-retry-time", "5s");
      config.put("mq.kinesis.producer-max-attempts", "100");
      leaks = ThreadLeaks.snapshot();
      try (KinesisBroker broker = FaultTests.connect(config)) {
        MessageQueue q = broker.queue(stream);
        Subscription s = q.subscribe(e -> {
          ledger.delivered(e.bodyAsString());
          ledger.handled(e.bodyAsString());
        }, SubscriptionOptions.builder().concurrency(4).pollWait(Duration.ofMillis(200))
            .closeTimeout(Duration.ofSeconds(5)).build());
        Workload work = new Workload(q, ledger, KEYS, PER_KEY, 4).pause(Duration.ofMillis(10)).start();
        int total = KEYS * PER_KEY;
        for (int r = 1; r <= RESTARTS; r++) {
          int threshold = total * r / (RESTARTS + 1);
          Waits.await("producers reach " + threshold + " pushes", FaultTests.AWAIT,
              () -> work.pushed() >= threshold);
          int acceptedBefore = ledger.sent();
          proxy.cut();
          long stopping = System.nanoTime();
          emulator.stop(); // TERM: kinesis-local writes its data file
          String stopTook = elapsed(stopping);
          Waits.sleep(Duration.ofMillis(500));
          emulator.start();
          // The emulator must have kept what it accepted; if TERM did not end it in time it was
          // killed and lost data, which is the emulator's failure, not the provider's: say so.
          int kept;
          try (KinesisClient direct = emulator.endpoint().syncClient()) {
            kept = StreamPositions.read(direct, stream).size();
          } catch (ResourceNotFoundException lost) {
            throw new AssertionError("kinesis-local lost the stream itself over restart " + r + " (its stop "
                + "took " + stopTook + "; a stop over 15 s is a KILL that loses data: the emulator's "
                + "failure, seen on a machine under heavy load, not the provider's)", lost);
          }
          assertThat(kept).as("records kept by kinesis-local over restart %d (its stop took %s; a stop "
              + "over 15 s is a KILL that loses data)", r, stopTook).isGreaterThanOrEqualTo(acceptedBefore);
          proxy.resume();
          restarts++;
          System.out.println("restart " + r + " done after " + elapsed(started) + " (stop took " + stopTook
              + "): " + ledger.counts());
        }
        work.awaitDone(FaultTests.AWAIT.multipliedBy(2));
        System.out.println("producers done after " + elapsed(started) + ": " + ledger.counts());
        Waits.awaitWithProgress("every accepted message is handled", FaultTests.AWAIT, ledger::missing,
            () -> ledger.missing() == 0);
        Waits.boundedly("closing the subscription", FaultTests.CLOSE_BOUND, s::close);
      }
    }
    // after the proxy closed too: its threads were started after the snapshot
    leaks.assertNoneLeft(FaultTests.CLOSE_BOUND);
    Ledger.Counts c = ledger.counts();
    FaultReport.record("EmulatorRestartTest restarts " + restarts, c, null);
    assertThat(ledger.violations()).as("per-key order").isEmpty();
    assertThat(c.lost()).isZero();
    assertThat(c.sent() + c.failedPushes()).isEqualTo(KEYS * PER_KEY);
    assertThat(c.received()).isEqualTo(c.sent());
  }

  private static String elapsed(long started) {
    return Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms";
  }
}
