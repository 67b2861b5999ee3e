package dev.mq.observability.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mq.Envelope;
import dev.mq.MessageHandler;
import dev.mq.MessageQueue;
import dev.mq.observability.MdcKeys;
import dev.mq.observability.Observability;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * The wrapped handler, run on the test's thread: the MDC holds the delivery while it runs, and
 * afterwards is exactly what it was before, whether the handler returned or threw.
 */
class ObservedHandlerTest {

  @AfterEach
  void clearMdc() {
    MDC.clear();
  }

  @Test
  void mdcHoldsTheDeliveryWhileTheHandlerRunsAndIsRestoredAfter() throws Exception {
    Map<String, String> inside = new HashMap<>();
    MessageHandler wrapped = wrap(e -> inside.putAll(MDC.getCopyOfContextMap()));
    MDC.put(MdcKeys.QUEUE, "the caller's own");
    MDC.put("unrelated", "kept");

    wrapped.handle(delivered());

    assertThat(inside).containsEntry(MdcKeys.QUEUE, "q").containsEntry(MdcKeys.GROUP, "q")
        .containsEntry(MdcKeys.MESSAGE_ID, "m-1").containsEntry(MdcKeys.DELIVERY_ATTEMPT, "0");
    assertThat(MDC.getCopyOfContextMap())
        .isEqualTo(Map.of(MdcKeys.QUEUE, "the caller's own", "unrelated", "kept"));
  }

  @Test
  void mdcIsClearedAfterAHandlerThatThrows() {
    MessageHandler wrapped = wrap(e -> {
      throw new IllegalStateException("fails");
    });

    assertThatThrownBy(() -> wrapped.handle(delivered())).isInstanceOf(IllegalStateException.class);

    Map<String, String> after = MDC.getCopyOfContextMap();
    assertThat(after == null ? Map.of() : after).isEmpty();
  }

  private static MessageHandler wrap(MessageHandler handler) {
    RecordingDelegate recording = new RecordingDelegate();
    MessageQueue q = Observability.builder().build().instrument(recording.broker()).queue("q");
    q.subscribe(handler);
    return recording.handler;
  }

  private static Envelope delivered() {
    return Envelope.builder().body("x").messageId("m-1").build();
  }
}
