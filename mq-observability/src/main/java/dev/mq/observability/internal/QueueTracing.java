package dev.mq.observability.internal;

import dev.mq.Envelope;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The spans of one queue and group, named and given attributes after the OpenTelemetry
 * messaging conventions: {@code send <queue>} (PRODUCER), {@code receive <queue>} (CLIENT),
 * {@code process <queue>} (CONSUMER, a child of the producer's context) and
 * {@code ack|reject <queue>} (CLIENT). Rejects and dead-letters are events with the reason.
 */
final class QueueTracing {

  static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
  static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
  static final AttributeKey<String> GROUP = AttributeKey.stringKey("messaging.consumer.group.name");
  static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("messaging.operation.name");
  static final AttributeKey<String> OPERATION_TYPE = AttributeKey.stringKey("messaging.operation.type");
  static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
  static final AttributeKey<Long> BODY_SIZE = AttributeKey.longKey("messaging.message.body.size");
  static final AttributeKey<Long> BATCH_COUNT = AttributeKey.longKey("messaging.batch.message_count");
  static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("mq.delivery.attempt");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  static final AttributeKey<String> REASON = AttributeKey.stringKey("mq.reject.reason");
  static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("mq.outcome");
  static final AttributeKey<String> DEAD_LETTER_QUEUE = AttributeKey.stringKey("mq.dead_letter.queue");
  /** Event on a span whose message was rejected. */
  static final String REJECT_EVENT = "mq.reject";
  /** Event on a span whose message went to the dead-letter queue (or was dropped). */
  static final String DEAD_LETTER_EVENT = "mq.dead_letter";
  /** Event on a send span whose context did not fit into the message's properties. */
  static final String CONTEXT_NOT_CARRIED_EVENT = "mq.trace_context_not_carried";
  /** Longest reason put on an event: reasons are often exception texts. */
  private static final int MAX_REASON_CHARS = 256;

  private final boolean enabled;
  private final Tracer tracer;
  private final TextMapPropagator propagator;
  private final String system;
  private final String queue;
  private final String group;
  /** Span names by operation, made once: a name is built on every call otherwise. */
  private final java.util.Map<String, String> names = new java.util.HashMap<>();

  QueueTracing(boolean enabled, Tracer tracer, TextMapPropagator propagator, String system,
      String queue, String group) {
    this.enabled = enabled;
    this.tracer = tracer;
    this.propagator = propagator;
    this.system = system;
    this.queue = queue;
    this.group = group;
    for (String operation : new String[] {"send", "receive", "process", "reject"}) {
      names.put(operation, operation + " " + queue);
    }
  }

  /** False without an SDK: no span is begun at all. */
  boolean enabled() {
    return enabled;
  }

  /**
   * A scope that makes {@code span} current, or none (null) when the span carries no context
   * (no SDK): making it current would cost a thread-local swap for nothing.
   */
  static Scope enter(Span span) {
    return span.getSpanContext().isValid() ? span.makeCurrent() : null;
  }

  /** A started PRODUCER span {@code send <queue>} for {@code count} messages (1: with its id). */
  Span startSend(Envelope single, int count) {
    if (!enabled) {
      return Span.getInvalid(); // no SDK: not even a no-op builder per call
    }
    SpanBuilder b = builder("send", "send", SpanKind.PRODUCER, Context.current());
    if (single != null) {
      b.setAttribute(MESSAGE_ID, single.messageId())
          .setAttribute(BODY_SIZE, (long) single.bodySize());
    } else {
      b.setAttribute(BATCH_COUNT, (long) count);
    }
    return b.startSpan();
  }

  /**
   * The envelope carrying {@code span}'s context. The same envelope when the span has no valid
   * context (no SDK): the common no-op case costs no copy.
   */
  Envelope inject(Span span, Envelope e) {
    if (!span.getSpanContext().isValid()) {
      return e;
    }
    EnvelopeCarrier.Injected injected =
        EnvelopeCarrier.inject(propagator, Context.current().with(span), e);
    if (!injected.complete()) {
      span.addEvent(CONTEXT_NOT_CARRIED_EVENT);
    }
    return injected.envelope();
  }

  /**
   * Records a {@code receive <queue>} span that started at {@code startEpochNanos}, linked to
   * each message's producer context; nothing when no message came (an empty poll is not worth
   * a span).
   */
  void received(long startEpochNanos, List<Envelope> messages) {
    if (messages.isEmpty() || !enabled) {
      return;
    }
    SpanBuilder b = builder("receive", "receive", SpanKind.CLIENT, Context.current())
        .setStartTimestamp(startEpochNanos, TimeUnit.NANOSECONDS)
        .setAttribute(BATCH_COUNT, (long) messages.size());
    if (messages.size() == 1) {
      b.setAttribute(MESSAGE_ID, messages.get(0).messageId());
    }
    for (Envelope e : messages) {
      SpanContext producer = Span.fromContext(EnvelopeCarrier.extract(propagator, e)).getSpanContext();
      if (producer.isValid()) {
        b.addLink(producer);
      }
    }
    b.startSpan().end();
  }

  /** A started CONSUMER span {@code process <queue>}, a child of the message's producer context. */
  Span startProcess(Envelope e) {
    if (!enabled) {
      return Span.getInvalid();
    }
    return messageSpan("process", "process", SpanKind.CONSUMER, EnvelopeCarrier.extract(propagator, e), e);
  }

  /**
   * A started CLIENT span {@code reject <queue>}: a child of the caller's span when there is
   * one, else of the message's producer context, so that it joins the message's trace. (An
   * acknowledge makes no span: the conventions make settle spans optional, and the metric times
   * it; a reject's span carries the reject and dead-letter events.)
   */
  Span startReject(Envelope e) {
    if (!enabled) {
      return Span.getInvalid();
    }
    Context parent = Context.current();
    if (!Span.fromContext(parent).getSpanContext().isValid()) {
      parent = EnvelopeCarrier.extract(propagator, e);
    }
    return messageSpan("reject", "settle", SpanKind.CLIENT, parent, e);
  }

  /** Adds the reject event, and the dead-letter event when it went there (or was dropped). */
  static void rejected(Span span, Outcome outcome, String reason, String deadLetterQueue) {
    String shortReason = reason == null ? "" : reason.length() <= MAX_REASON_CHARS ? reason
        : reason.substring(0, MAX_REASON_CHARS) + "...";
    span.addEvent(REJECT_EVENT, Attributes.of(OUTCOME, outcome.tag(), REASON, shortReason));
    if (outcome == Outcome.DEAD_LETTERED || outcome == Outcome.DROPPED) {
      span.addEvent(DEAD_LETTER_EVENT, Attributes.of(OUTCOME, outcome.tag(), REASON, shortReason,
          DEAD_LETTER_QUEUE, deadLetterQueue));
    }
  }

  /** Marks the span failed with {@code t}. */
  static void failed(Span span, Throwable t) {
    span.recordException(t);
    span.setStatus(StatusCode.ERROR);
    span.setAttribute(ERROR_TYPE, t.getClass().getName());
  }

  private Span messageSpan(String operation, String type, SpanKind kind, Context parent, Envelope e) {
    return builder(operation, type, kind, parent)
        .setAttribute(MESSAGE_ID, e.messageId())
        .setAttribute(BODY_SIZE, (long) e.bodySize())
        .setAttribute(ATTEMPT, (long) e.deliveryAttempt())
        .startSpan();
  }

  private SpanBuilder builder(String operation, String type, SpanKind kind, Context parent) {
    SpanBuilder b = tracer.spanBuilder(names.get(operation))
        .setSpanKind(kind)
        .setParent(parent)
        .setAttribute(SYSTEM, system)
        .setAttribute(DESTINATION, queue)
        .setAttribute(OPERATION_NAME, operation)
        .setAttribute(OPERATION_TYPE, type);
    if (kind != SpanKind.PRODUCER) {
      b.setAttribute(GROUP, group);
    }
    return b;
  }
}
