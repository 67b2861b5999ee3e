package dev.mq.tck.faults;

import dev.mq.Broker;
import dev.mq.MessageQueue;
import dev.mq.MessageQueues;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Throwing, hanging and very slow handlers on in-memory subscriptions: the same scenarios as the
 * Kinesis fault suite, with counts (sent, received, duplicates, lost).
 */
class InMemoryHandlerFaultsTest {

  private static final int PER_KEY = Boolean.getBoolean("mqtest.faults.long") ? 200 : 20;

  private Broker broker;
  private MessageQueue q;

  @BeforeEach
  void open() {
    // A short retry delay: the delayed path runs, and the long run's 67 retry rounds per key take
    // seconds instead of the minute the 1 s default would.
    broker = MessageQueues.connect(Map.of("mq.provider", "inmemory", "mq.retry.initial-delay", "20ms",
        "mq.retry.max-delay", "20ms"));
    q = broker.queue("faults-" + UUID.randomUUID().toString().substring(0, 8));
  }

  @AfterEach
  void close() {
    broker.close();
  }

  @Test
  void aThrowingHandlerGetsItsMessageAgainAndTheSubscriptionGoesOn() {
    print("throwing", HandlerFaultScenarios.throwingHandler(q, PER_KEY, Waits.AWAIT));
  }

  @Test
  void aHandlerHangingPastTheCloseTimeoutDoesNotHoldCloseAndItsMessageComesBack() throws Exception {
    print("hanging", HandlerFaultScenarios.hangingHandler(q, PER_KEY, Waits.AWAIT));
  }

  @Test
  void aVerySlowHandlerHoldsOnlyItsOwnKey() {
    print("slow", HandlerFaultScenarios.slowHandler(q, PER_KEY, Duration.ofMillis(50), Waits.AWAIT));
  }

  private static void print(String scenario, Ledger.Counts counts) {
    System.out.println("inmemory HandlerFaultsTest " + scenario + ": " + counts);
  }
}
