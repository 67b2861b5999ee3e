package dev.mq.benchmarks.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mq.benchmarks.internal.FaultyTransport.Fault;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PipelineTest {

  private static final Duration GENEROUS = Duration.ofSeconds(30);

  @Test
  void aBatchEndsWhenEveryMessageIsSettled() throws Exception {
    BaselineTransport transport = new BaselineTransport();
    try (Pipeline p = new Pipeline(transport, 2, 2, 16, 100, GENEROUS)) {
      p.runBatch();
      assertThat(transport.settledCount()).isEqualTo(100);
      p.runBatch();
      assertThat(transport.settledCount()).isEqualTo(200);
    }
    assertThat(transport.receiveNow()).isNull();
  }

  @Test
  void aProducerFailureFailsTheBatchWithItsCause() throws Exception {
    try (Pipeline p = new Pipeline(new FaultyTransport(Fault.SEND_THROWS), 1, 1, 0, 10, GENEROUS)) {
      assertThatThrownBy(p::runBatch)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("broker down")
          .hasRootCauseMessage("broker down");
      // the failure sticks: later batches fail at once instead of hanging
      assertThatThrownBy(p::runBatch).hasMessageContaining("broker down");
    }
  }

  @Test
  void aConsumerFailureFailsTheBatchWithItsCause() throws Exception {
    try (Pipeline p = new Pipeline(new FaultyTransport(Fault.SETTLE_THROWS), 1, 1, 0, 10, GENEROUS)) {
      assertThatThrownBy(p::runBatch)
          .isInstanceOf(IllegalStateException.class)
          .hasRootCauseInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void lostMessagesEndTheBatchAfterTheTimeoutInsteadOfHanging() throws Exception {
    try (Pipeline p = new Pipeline(new FaultyTransport(Fault.SEND_LOSES), 1, 1, 0, 10,
        Duration.ofMillis(200))) {
      assertThatThrownBy(p::runBatch)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("did not finish")
          .hasMessageContaining("10 were not settled");
    }
  }

  @Test
  void rejectsBadShapes() {
    BaselineTransport t = new BaselineTransport();
    assertThatThrownBy(() -> new Pipeline(t, 0, 1, 0, 10, GENEROUS))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one producer");
    assertThatThrownBy(() -> new Pipeline(t, 1, 0, 0, 10, GENEROUS))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one consumer");
    assertThatThrownBy(() -> new Pipeline(t, 2, 2, 0, 11, GENEROUS))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiple of producers");
    assertThatThrownBy(() -> new Pipeline(t, 1, 1, 0, 0, GENEROUS))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
  }
}
