package dev.mq.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.Envelope;
import dev.mq.EnvelopeLimits;
import dev.mq.MessageQueue;
import dev.mq.MessageQueues;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The send side with the real SDK: a batch carries its one span's context in every message,
 * {@code pushAsync}'s span ends when the write does, a message with the most properties is
 * pushed without the context (and the span says so), and {@code receive} links to the send.
 */
class SendSpansTest {

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private SdkTracerProvider tracerProvider;
  private ObservedBroker broker;
  private MessageQueue q;

  @BeforeEach
  void open() {
    tracerProvider = SdkTracerProvider.builder()
        .addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
    broker = Observability.builder()
        .openTelemetry(OpenTelemetrySdk.builder().setTracerProvider(tracerProvider)
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build())
        .build()
        .instrument(MessageQueues.connect(Map.of("mq.provider", "inmemory")));
    q = broker.queue("send-spans");
  }

  @AfterEach
  void close() {
    broker.close();
    tracerProvider.close();
  }

  @Test
  void aBatchCarriesItsSpanInEveryMessageAndReceiveLinksToIt() {
    q.pushAll(List.of(Envelope.of("a"), Envelope.of("b")));
    List<Envelope> got = q.dequeue(2, Duration.ofSeconds(5));

    SpanData send = only("send send-spans");
    assertThat(got).hasSize(2).allSatisfy(e -> assertThat(e.property("traceparent")).hasValueSatisfying(
        tp -> assertThat(tp).contains(send.getTraceId(), send.getSpanId())));
    assertThat(send.getAttributes().asMap().toString()).contains("messaging.batch.message_count=2");
    SpanData receive = only("receive send-spans");
    assertThat(receive.getLinks()).hasSize(2)
        .allSatisfy(l -> assertThat(l.getSpanContext().getSpanId()).isEqualTo(send.getSpanId()));
  }

  @Test
  void pushAsyncEndsItsSpanWhenTheWriteCompletes() {
    q.pushAsync(Envelope.of("a")).join();
    assertThat(only("send send-spans").hasEnded()).isTrue();
    assertThat(q.dequeue().orElseThrow().property("traceparent")).isPresent();
  }

  @Test
  void aMessageWithTheMostPropertiesIsPushedWithoutTheContext() {
    Envelope.Builder full = Envelope.builder().body("x");
    for (int i = 0; i < EnvelopeLimits.MAX_PROPERTIES; i++) {
      full.property("p" + i, "v");
    }
    q.push(full.build());

    Envelope got = q.dequeue().orElseThrow();
    assertThat(got.properties()).hasSize(EnvelopeLimits.MAX_PROPERTIES).doesNotContainKey("traceparent");
    assertThat(only("send send-spans").getEvents()).extracting(EventData::getName)
        .containsExactly("mq.trace_context_not_carried");
  }

  private SpanData only(String name) {
    List<SpanData> found = spans.getFinishedSpanItems().stream()
        .filter(s -> s.getName().equals(name)).toList();
    assertThat(found).as("spans named %s", name).hasSize(1);
    return found.get(0);
  }
}
