package dev.mq.observability.internal;

import dev.mq.Envelope;
import dev.mq.MessageHandler;
import dev.mq.observability.MetricNames;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;

/**
 * Runs a subscription's handler inside a {@code process <queue>} span (a child of the
 * producer's context the message carries), with the MDC holding the queue, group, message id
 * and attempt, and counts what it did: returned is acknowledged, threw is rejected with requeue
 * (MessageHandler's contract), which at the attempt limit is a dead-letter.
 */
final class ObservedHandler implements MessageHandler {

  private final MessageHandler handler;
  private final QueueInstruments in;

  ObservedHandler(MessageHandler handler, QueueInstruments in) {
    this.handler = handler;
    this.in = in;
  }

  @Override
  public void handle(Envelope envelope) throws Exception {
    in.meters().processing();
    in.meters().delivered(envelope.deliveryAttempt());
    Span span = in.tracing().startProcess(envelope);
    long start = System.nanoTime();
    Outcome outcome = Outcome.ACKNOWLEDGED;
    String errorType = MetricNames.NO_ERROR;
    try (Scope ignored = QueueTracing.enter(span);
        MdcScope mdc = MdcScope.open(in.queue(), in.group(), envelope)) {
      handler.handle(envelope);
    } catch (Exception | Error e) {
      errorType = e.getClass().getName();
      outcome = in.rejectOutcome(envelope, Outcome.REQUEUED);
      QueueTracing.failed(span, e);
      QueueTracing.rejected(span, outcome, e.toString(), in.deadLetterQueue());
      throw e;
    } finally {
      in.meters().processed(System.nanoTime() - start, errorType);
      in.meters().settled(outcome);
      span.end();
    }
  }

  @Override
  public String toString() {
    return "Observed[" + handler + "]";
  }
}
