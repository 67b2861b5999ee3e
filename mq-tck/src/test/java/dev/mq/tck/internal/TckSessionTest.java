package dev.mq.tck.internal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mq.Broker;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.MessageQueues;
import dev.mq.tck.TckTimeouts;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The session's own failure paths: a stuck thread, a failed thread, a slow message. */
class TckSessionTest {

  private static final TckTimeouts SHORT = TckTimeouts.withFactor(0.05);

  @Test
  void threadThatOutlivesTheTestFailsIt() throws Exception {
    TckSession session = new TckSession(fixture());
    CountDownLatch stop = new CountDownLatch(1);
    session.fork(() -> {
      while (stop.getCount() > 0) { // ignores interrupts on purpose
        Thread.onSpinWait();
      }
      return null;
    });
    try {
      assertThatThrownBy(session::close).isInstanceOf(AssertionError.class).hasMessageContaining("still running");
    } finally {
      stop.countDown();
    }
  }

  @Test
  void failureOnAnotherThreadFailsTheTest() throws Exception {
    TckSession session = new TckSession(fixture());
    session.join("guarded task", session.forkGuarded("producer", () -> {
      throw new IllegalStateException("tck self-test");
    }));
    assertThatThrownBy(session::close).isInstanceOf(AssertionError.class).hasMessageContaining("producer failed");
  }

  @Test
  void brokersAreClosedWithTheSession() {
    TckSession session = new TckSession(fixture());
    Broker b = session.connect();
    MessageQueue q = b.queue(session.uniqueName());
    session.close();
    assertThatThrownBy(q::dequeue).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void receiveFailsWhenNothingArrives() {
    TckSession session = new TckSession(fixture());
    try {
      MessageQueue q = session.connect().queue(session.uniqueName());
      assertThatThrownBy(() -> session.receive(q)).isInstanceOf(AssertionError.class)
          .hasMessageContaining("(1 message(s))");
      q.push(Envelope.of("x"));
      assertThatThrownBy(() -> session.assertNothingDelivered(q, "self-test"))
          .isInstanceOf(AssertionError.class).hasMessageContaining("self-test");
    } finally {
      session.close();
    }
  }

  @Test
  void conditionsTimeOutAndQuietChecksNotice() {
    TckSession session = new TckSession(fixture());
    try {
      assertThatThrownBy(() -> session.awaitCondition("never", () -> false))
          .isInstanceOf(AssertionError.class).hasMessageContaining("never");
      AtomicBoolean flag = new AtomicBoolean(true);
      assertThatThrownBy(() -> session.assertStaysFalse("flag set", flag::get))
          .isInstanceOf(AssertionError.class).hasMessageContaining("flag set");
    } finally {
      session.close();
    }
  }

  static TckFixture fixture() {
    return new TckFixture() {
      @Override
      public Map<String, String> providerConfig() {
        return Map.of("mq.provider", "inmemory");
      }

      @Override
      public Broker connect(Map<String, String> config) {
        return MessageQueues.connect(config);
      }

      @Override
      public void restartBroker() {
        // nothing to restart
      }

      @Override
      public int largeBodySize() {
        return 1000;
      }

      @Override
      public int tooLargeBodySize() {
        return 2_000_000;
      }

      @Override
      public Map<String, String> malformedProviderValues() {
        return Map.of();
      }

      @Override
      public int volumeMessages() {
        return 100;
      }

      @Override
      public int restartLoadMessages() {
        return 100;
      }

      @Override
      public TckTimeouts timeouts() {
        return SHORT;
      }

      @Override
      public String uniqueName() {
        return "tck-" + UUID.randomUUID().toString().substring(0, 8);
      }
    };
  }
}
