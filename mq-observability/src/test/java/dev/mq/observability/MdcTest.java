package dev.mq.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.MessageQueues;
import dev.mq.Subscription;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * While a handler runs on the provider's thread, the MDC holds the queue, group, message id and
 * attempt. (That the thread's MDC is restored after is {@code ObservedHandlerTest}'s, which runs
 * the wrapped handler on the test's own thread.)
 */
class MdcTest {

  @Test
  void theHandlerSeesTheDeliveryInTheMdcAndTheThreadIsCleanAfter() {
    String name = "mdc-" + UUID.randomUUID().toString().substring(0, 8);
    List<Map<String, String>> inside = new CopyOnWriteArrayList<>();
    try (ObservedBroker broker = Observability.builder().build().instrument(MessageQueues.connect(
            Map.of("mq.provider", "inmemory", "mq.retry.initial-delay", "0ms")));
        MessageQueue q = broker.queue(name)) {
      Envelope e = Envelope.builder().body("x").messageId("m-" + name).build();
      q.push(e);
      try (Subscription s = q.subscribe(delivered -> {
        inside.add(MDC.getCopyOfContextMap());
        if (delivered.deliveryAttempt() == 1) {
          throw new IllegalStateException("once");
        }
      })) {
        Waits.until(Duration.ofSeconds(30), () -> "handled " + inside.size(), () -> inside.size() >= 2);
      }
    }
    assertThat(inside.get(0)).containsEntry(MdcKeys.QUEUE, name)
        .containsEntry(MdcKeys.GROUP, "default")
        .containsEntry(MdcKeys.MESSAGE_ID, "m-" + name)
        .containsEntry(MdcKeys.DELIVERY_ATTEMPT, "1");
    assertThat(inside.get(1)).containsEntry(MdcKeys.DELIVERY_ATTEMPT, "2");
  }
}
