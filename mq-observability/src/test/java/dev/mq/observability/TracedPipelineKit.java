package dev.mq.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.Broker;
import dev.mq.DeadLetters;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.Subscription;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.SpanKind;
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
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One trace from push through the broker to the handler, with the real OpenTelemetry SDK, on
 * any provider: a message that fails once and is redelivered, and one that fails at every
 * attempt and is dead-lettered, then handled from the dead-letter queue; every span of a
 * message shares the producer's trace. Subclasses connect the provider with a limit of two
 * attempts and a dead-letter queue named {@code <queue>-dlq}.
 */
abstract class TracedPipelineKit {

  /** Longest wait for deliveries. */
  protected static final Duration WAIT = Duration.ofSeconds(60);

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private SdkTracerProvider tracerProvider;
  protected SimpleMeterRegistry registry;
  protected ObservedBroker broker;

  /**
   * The provider's broker with {@code mq.max-delivery-attempts=2}, dead-letter queue
   * {@code {queue}-dlq} and retries without delay.
   */
  protected abstract Broker connect();

  /** A fresh queue name. */
  protected String uniqueQueue() {
    return "obs-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @BeforeEach
  void instrument() {
    tracerProvider = SdkTracerProvider.builder()
        .addSpanProcessor(SimpleSpanProcessor.create(spans))
        .build();
    OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
        .setTracerProvider(tracerProvider)
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
        .build();
    registry = new SimpleMeterRegistry();
    broker = Observability.builder().meterRegistry(registry).openTelemetry(otel).build()
        .instrument(connect());
  }

  @AfterEach
  void close() {
    if (broker != null) {
      broker.close();
    }
    tracerProvider.close();
  }

  @Test
  void oneTraceFromPushThroughRedeliveryAndDeadLetterToTheHandlers() {
    String name = uniqueQueue();
    Map<String, Integer> attempts = new ConcurrentHashMap<>();
    Set<String> deadLettersHandled = ConcurrentHashMap.newKeySet();
    Map<String, String> deadLetterTraceparent = new ConcurrentHashMap<>();
    try (MessageQueue q = broker.queue(name); MessageQueue dlq = broker.queue(name + "-dlq")) {
      Envelope flaky = Envelope.builder().body("flaky").messageId("flaky-" + name).build();
      Envelope poison = Envelope.builder().body("poison").messageId("poison-" + name).build();
      q.push(flaky);
      q.push(poison);
      try (Subscription s = q.subscribe(e -> {
            int attempt = attempts.merge(e.messageId(), 1, Integer::sum);
            if (e.bodyAsString().equals("poison") || attempt == 1) {
              throw new IllegalStateException("attempt " + e.deliveryAttempt() + " fails");
            }
          });
          Subscription d = dlq.subscribe(e -> {
            deadLetterTraceparent.put(e.messageId(), e.property("traceparent").orElse(""));
            deadLettersHandled.add(e.messageId() + " from " + e.property(DeadLetters.SOURCE_QUEUE).orElse("?"));
          })) {
        Waits.until(WAIT, () -> "deliveries " + attempts + ", dead letters " + deadLettersHandled,
            () -> attempts.getOrDefault(flaky.messageId(), 0) >= 2
                && deadLettersHandled.contains(poison.messageId() + " from " + name)
                && processSpans(name + "-dlq").size() >= 1
                && processSpans(name).size() >= 4);
      }
    }

    SpanData sendFlaky = send(name, "flaky-" + name);
    SpanData sendPoison = send(name, "poison-" + name);
    assertThat(sendFlaky.getKind()).isEqualTo(SpanKind.PRODUCER);
    assertThat(sendFlaky.getTraceId()).isNotEqualTo(sendPoison.getTraceId());

    // the flaky message: two process spans, children of its send span; the first one rejected
    List<SpanData> flakyProcess = processOf(name, "flaky-" + name);
    assertThat(flakyProcess).hasSize(2).allSatisfy(s -> {
      assertThat(s.getKind()).isEqualTo(SpanKind.CONSUMER);
      assertThat(s.getTraceId()).isEqualTo(sendFlaky.getTraceId());
      assertThat(s.getParentSpanId()).isEqualTo(sendFlaky.getSpanId());
    });
    assertThat(attemptOf(flakyProcess.get(0))).isEqualTo(1);
    assertThat(eventNames(flakyProcess.get(0))).contains("mq.reject").doesNotContain("mq.dead_letter");
    assertThat(attemptOf(flakyProcess.get(1))).isEqualTo(2);
    assertThat(eventNames(flakyProcess.get(1))).isEmpty();

    // the poison message: rejected twice, the second time to the dead-letter queue ...
    List<SpanData> poisonProcess = processOf(name, "poison-" + name);
    assertThat(poisonProcess).hasSize(2)
        .allSatisfy(s -> assertThat(s.getParentSpanId()).isEqualTo(sendPoison.getSpanId()));
    EventData deadLetter = poisonProcess.get(1).getEvents().stream()
        .filter(e -> e.getName().equals("mq.dead_letter")).findFirst().orElseThrow();
    assertThat(deadLetter.getAttributes().asMap().toString()).contains("dead-lettered", name + "-dlq");
    // ... where it is handled with the producer's trace context still in its properties
    assertThat(deadLetterTraceparent.get("poison-" + name)).contains(sendPoison.getTraceId());
    List<SpanData> fromDlq = processOf(name + "-dlq", "poison-" + name);
    assertThat(fromDlq).singleElement().satisfies(s -> {
      assertThat(s.getTraceId()).isEqualTo(sendPoison.getTraceId());
      assertThat(s.getParentSpanId()).isEqualTo(sendPoison.getSpanId());
    });
  }

  private List<SpanData> processSpans(String queue) {
    return spans.getFinishedSpanItems().stream()
        .filter(s -> s.getName().equals("process " + queue)).toList();
  }

  private List<SpanData> processOf(String queue, String messageId) {
    return processSpans(queue).stream()
        .filter(s -> messageId.equals(s.getAttributes().asMap().entrySet().stream()
            .filter(e -> e.getKey().getKey().equals("messaging.message.id"))
            .map(e -> e.getValue().toString()).findFirst().orElse(null)))
        .sorted(java.util.Comparator.comparingLong(TracedPipelineKit::attemptOf))
        .toList();
  }

  private SpanData send(String queue, String messageId) {
    return spans.getFinishedSpanItems().stream()
        .filter(s -> s.getName().equals("send " + queue))
        .filter(s -> s.getAttributes().asMap().values().contains(messageId))
        .findFirst().orElseThrow(() -> new AssertionError("no send span of " + messageId + " in "
            + spans.getFinishedSpanItems().stream().map(SpanData::getName).collect(Collectors.toList())));
  }

  private static long attemptOf(SpanData s) {
    return s.getAttributes().asMap().entrySet().stream()
        .filter(e -> e.getKey().getKey().equals("mq.delivery.attempt"))
        .map(e -> (Long) e.getValue()).findFirst().orElse(-1L);
  }

  private static List<String> eventNames(SpanData s) {
    return s.getEvents().stream().map(EventData::getName).toList();
  }
}
