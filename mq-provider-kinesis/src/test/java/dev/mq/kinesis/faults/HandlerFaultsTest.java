package dev.mq.kinesis.faults;

import dev.mq.tck.faults.HandlerFaultScenarios;
import dev.mq.MessageQueue;
import dev.mq.kinesis.internal.KinesisBroker;
import dev.mq.kinesis.testing.KinesisEndpoint;
import dev.mq.kinesis.testing.KinesisEndpointExtension;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Throwing, hanging and very slow handlers on Kinesis subscriptions. */
@ExtendWith(KinesisEndpointExtension.class)
class HandlerFaultsTest {

  private static final int PER_KEY = FaultSettings.pick(5, 30);

  @TempDir
  Path dir;

  @Test
  void aThrowingHandlerGetsItsMessageAgainAndTheSubscriptionGoesOn(KinesisEndpoint endpoint) {
    try (KinesisBroker broker = FaultTests.connect(FaultTests.config(endpoint, dir))) {
      MessageQueue q = broker.queue(endpoint.createStream("throwing", 2));
      FaultReport.record("HandlerFaultsTest kinesis throwing",
          HandlerFaultScenarios.throwingHandler(q, PER_KEY, FaultTests.AWAIT), null);
    }
  }

  @Test
  void aHandlerHangingPastTheCloseTimeoutDoesNotHoldCloseAndItsMessageComesBack(KinesisEndpoint endpoint)
      throws Exception {
    try (KinesisBroker broker = FaultTests.connect(FaultTests.config(endpoint, dir))) {
      MessageQueue q = broker.queue(endpoint.createStream("hanging", 2));
      FaultReport.record("HandlerFaultsTest kinesis hanging",
          HandlerFaultScenarios.hangingHandler(q, PER_KEY, FaultTests.AWAIT), null);
    }
  }

  @Test
  void aVerySlowHandlerHoldsOnlyItsOwnKey(KinesisEndpoint endpoint) {
    try (KinesisBroker broker = FaultTests.connect(FaultTests.config(endpoint, dir))) {
      MessageQueue q = broker.queue(endpoint.createStream("slow", 2));
      FaultReport.record("HandlerFaultsTest kinesis slow",
          HandlerFaultScenarios.slowHandler(q, PER_KEY, Duration.ofMillis(FaultSettings.pick(300, 1000)),
              FaultTests.AWAIT), null);
    }
  }
}
