package dev.mq.benchmarks.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mq.benchmarks.internal.FaultyTransport.Fault;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SubscriptionDrainTest {

  @Test
  void drainsExactlyTheFilledBatch() throws Exception {
    BaselineTransport transport = new BaselineTransport();
    SubscriptionDrain drain = new SubscriptionDrain(transport, 2, 16, 50, Duration.ofSeconds(30));
    drain.fill();
    drain.drain();
    assertThat(transport.settledCount()).isEqualTo(50);
    assertThat(transport.receiveNow()).isNull();
  }

  @Test
  void aBatchThatNeverArrivesFailsAfterTheTimeout() {
    SubscriptionDrain drain = new SubscriptionDrain(new FaultyTransport(Fault.SEND_LOSES), 1, 0, 5,
        Duration.ofMillis(200));
    drain.fill();
    assertThatThrownBy(drain::drain)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("did not handle 5 messages")
        .hasMessageContaining("5 were left");
  }

  @Test
  void rejectsAnEmptyBatch() {
    assertThatThrownBy(() -> new SubscriptionDrain(new BaselineTransport(), 1, 0, 0, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theBaselineSubscriptionSurvivesAThrowingHandlerAndRejectsZeroConcurrency() throws Exception {
    BaselineTransport transport = new BaselineTransport();
    MessageFactory messages = new MessageFactory("t-", 0);
    transport.send(messages.next());
    transport.send(messages.next());
    AutoCloseable s = transport.subscribe(1, Duration.ofMillis(50), e -> {
      throw new IllegalStateException("handler bug");
    });
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (transport.settledCount() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
    } finally {
      s.close();
    }
    assertThat(transport.settledCount()).isEqualTo(2);
    assertThatThrownBy(() -> transport.subscribe(0, Duration.ofMillis(50), e -> { }))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("concurrency");
  }
}
