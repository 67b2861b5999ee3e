package dev.mq.benchmarks.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mq.Envelope;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MessageFactoryTest {

  @Test
  void messagesHaveSmallBodiesUniqueIdsAndCycleThroughTheKeys() {
    MessageFactory f = new MessageFactory("x-", 16);
    Set<String> ids = new HashSet<>();
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < 64; i++) {
      Envelope e = f.next();
      assertThat(e.bodySize()).isEqualTo(MessageFactory.BODY_SIZE);
      ids.add(e.messageId());
      keys.add(e.partitionKey().orElseThrow());
    }
    assertThat(ids).hasSize(64).contains("x-0", "x-63");
    assertThat(keys).hasSize(16);
  }

  @Test
  void checkAcceptsItsOwnMessagesAndRejectsOtherBodies() {
    MessageFactory.check(new MessageFactory("c-", 0).next());
    assertThatThrownBy(() -> MessageFactory.check(Envelope.of("short")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("got 5");
  }

  @Test
  void zeroKeysMeansNoPartitionKey() {
    assertThat(new MessageFactory("y-", 0).next().partitionKey()).isEmpty();
  }

  @Test
  void rejectsAKeyCountOutOfRange() {
    assertThatThrownBy(() -> new MessageFactory("z-", -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MessageFactory("z-", MessageFactory.MAX_KEYS + 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keyCount");
  }
}
