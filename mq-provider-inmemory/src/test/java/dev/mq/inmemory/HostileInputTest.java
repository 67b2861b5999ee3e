package dev.mq.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.mq.Broker;
import dev.mq.ConfigurationException;
import dev.mq.DeadLetters;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.MessageQueues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hostile input to the in-memory provider beyond the TCK: values of unknown keys (another
 * provider's secret, a misspelt key) never show in exceptions or toString, and dead-letter
 * reasons of any length or with broken Unicode never lose the message.
 */
class HostileInputTest {

  private static final String OTHER_SECRET = "s3cr3t-value-never-shown";

  @Test
  void unknownKeysAreNamedButTheirValuesNeverShown() {
    // the in-memory provider declares no secrets; what it must never do is echo a value it does
    // not know, such as another provider's key put into the wrong file, or a misspelt key
    List<String> shown = new ArrayList<>();
    for (String key : List.of("mq.kinesis.secret-access-key", "mq.inmemory.secret-access-key",
        "mq.inmemory.capacty", "mq.max-delivery-attempt")) {
      Map<String, String> config = new HashMap<>();
      config.put("mq.provider", "inmemory");
      config.put(key, OTHER_SECRET);
      Throwable thrown = catchThrowable(() -> MessageQueues.connect(config));
      assertThat(thrown).as(key).isInstanceOf(ConfigurationException.class).hasMessageContaining(key);
      shown.add(thrown.toString());
    }
    Map<String, String> malformed = Map.of("mq.provider", "inmemory", "mq.inmemory.push-timeout", "soon");
    try (Broker broker = MessageQueues.connect(Map.of("mq.provider", "inmemory"))) {
      shown.add(broker.toString());
      shown.add(broker.queue("q").toString());
    }
    assertThat(catchThrowable(() -> MessageQueues.connect(malformed))).hasMessageContaining("soon");
    assertThat(shown).allSatisfy(s -> assertThat(s).doesNotContain(OTHER_SECRET));
  }

  @Test
  void deadLetterReasonsOfAnyShapeNeverLoseTheMessage() {
    try (Broker broker = MessageQueues.connect(Map.of("mq.provider", "inmemory",
        "mq.dead-letter-queue", "{queue}-dlq", "mq.inmemory.max-message-size", "2048"))) {
      MessageQueue q = broker.queue("reasons");
      MessageQueue dlq = broker.queue("reasons-dlq");
      List<String> reasons = List.of("x".repeat(5_000_000), "lone \ud800 surrogate",
          "a".repeat(1023) + "\ud83d\ude00 pair cut by the in-memory provider's own shortening", "");
      for (String reason : reasons) {
        q.push(Envelope.builder().body(new byte[2000]).build());
        Envelope e = q.dequeue(Duration.ofSeconds(5)).orElseThrow();
        q.reject(e, false, reason);
        Envelope dead = dlq.dequeue(Duration.ofSeconds(5)).orElseThrow();
        assertThat(dead.messageId()).isEqualTo(e.messageId());
        assertThat(dead.property(DeadLetters.REASON).orElseThrow()).hasSizeLessThanOrEqualTo(DeadLetters.MAX_REASON_LENGTH);
        dlq.acknowledge(dead);
      }
      assertThat(q.dequeue()).isEmpty();
    }
  }

  @Test
  void envelopesOverTheLimitsCannotEvenBeBuilt() {
    assertThatThrownBy(() -> Envelope.builder().partitionKey("k".repeat(4097)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Envelope.builder().property("p", "\udc00"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
