package dev.mq.kinesis.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.tck.faults.Ledger;
import dev.mq.tck.faults.Waits;
import dev.mq.MessageQueue;
import dev.mq.Subscription;
import dev.mq.SubscriptionOptions;
import dev.mq.kinesis.internal.KinesisBroker;
import dev.mq.kinesis.testing.KinesisEndpoint;
import dev.mq.kinesis.testing.KinesisEndpointExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A produce/consume workload through broker errors at a fixed rate on every Kinesis call the
 * provider makes (see {@link ChaosInterceptor}): nothing accepted is lost, per-key order holds,
 * every wait is bounded, and closing the broker leaves no thread behind.
 */
@ExtendWith(KinesisEndpointExtension.class)
class BrokerErrorsTest {

  private static final int KEYS = 16;
  private static final int PER_KEY = FaultSettings.pick(25, 150);
  private static final double RATE = FaultSettings.pick(0.2, 0.35);

  @TempDir
  Path dir;

  @Test
  void brokerErrorsOnReadsAndWritesLoseNothingAndKeepPerKeyOrder(KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("chaos", 2);
    ThreadLeaks leaks = ThreadLeaks.snapshot();
    ChaosInterceptor chaos = new ChaosInterceptor(RATE, 20261126L);
    Ledger ledger = new Ledger();
    Map<String, String> config = FaultTests.config(endpoint, dir);
    config.put("mq.kinesis.producer-max-attempts", "30");
    KinesisBroker broker = FaultTests.connect(config, chaos);
    Subscription[] sub = new Subscription[1];
    try {
      MessageQueue q = broker.queue(stream);
      sub[0] = q.subscribe(e -> {
        String body = e.bodyAsString();
        ledger.delivered(body);
        ledger.handled(body);
      }, SubscriptionOptions.builder().concurrency(4).pollWait(Duration.ofMillis(200))
          .closeTimeout(Duration.ofSeconds(5)).build());
      Workload work = new Workload(q, ledger, KEYS, PER_KEY, 4).start();
      work.awaitDone(FaultTests.AWAIT);
      Waits.awaitWithProgress("every accepted message is handled", FaultTests.AWAIT, ledger::missing,
          () -> ledger.missing() == 0);
    } finally {
      Waits.boundedly("closing the subscription and the broker under faults", FaultTests.CLOSE_BOUND, () -> {
        if (sub[0] != null) {
          sub[0].close();
        }
        broker.close();
      });
    }
    leaks.assertNoneLeft(FaultTests.CLOSE_BOUND);

    Ledger.Counts c = ledger.counts();
    FaultReport.record("BrokerErrorsTest rate " + RATE, c, "injected " + chaos.injected()
        + ", failed PutRecords entries " + chaos.failedEntries() + ", calls " + chaos.calls());
    assertThat(ledger.violations()).as("per-key order").isEmpty();
    assertThat(c.lost()).isZero();
    assertThat(c.sent() + c.failedPushes()).isEqualTo(KEYS * PER_KEY);
    assertThat(c.received()).isEqualTo(c.sent());
    assertThat(chaos.injected()).as("every kind of fault was injected")
        .allSatisfy((fault, n) -> assertThat(n).as(fault.name()).isPositive());
  }
}
