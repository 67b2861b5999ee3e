package dev.mq.observability.internal;

import dev.mq.BatchPushException;
import dev.mq.Envelope;
import dev.mq.MessageHandler;
import dev.mq.MessageQueue;
import dev.mq.Subscription;
import dev.mq.SubscriptionOptions;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A {@link MessageQueue} that measures, traces and then delegates every call, default methods
 * included, so that a provider's own {@code pushAsync}, batch {@code dequeue} or
 * {@code subscribe} still runs. Pushed envelopes gain the trace context in their properties;
 * subscription handlers run inside a {@code process} span with the MDC set.
 */
final class InstrumentedQueue implements MessageQueue {

  private final MessageQueue delegate;
  private final QueueInstruments in;
  /** Delivery tags of messages this instance's dequeue handed out and that are not settled. */
  private final Set<String> unsettled = ConcurrentHashMap.newKeySet();

  InstrumentedQueue(MessageQueue delegate, QueueInstruments instruments) {
    this.delegate = delegate;
    this.in = instruments;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public String consumerGroup() {
    return delegate.consumerGroup();
  }

  @Override
  public void push(Envelope envelope) {
    Objects.requireNonNull(envelope, "envelope");
    Span span = in.tracing().startSend(envelope, 1);
    long start = System.nanoTime();
    try (Scope ignored = QueueTracing.enter(span)) {
      delegate.push(in.tracing().inject(span, envelope));
      in.meters().sent(1, System.nanoTime() - start);
      in.health().succeeded();
    } catch (RuntimeException e) {
      sendFailed(span, 0, 1, start, e);
      throw e;
    } finally {
      span.end();
    }
  }

  @Override
  public void pushAll(List<Envelope> envelopes) {
    Objects.requireNonNull(envelopes, "envelopes");
    envelopes.forEach(e -> Objects.requireNonNull(e, "an element of envelopes")); // SPEC 2.4
    Span span = in.tracing().startSend(envelopes.size() == 1 ? envelopes.get(0) : null, envelopes.size());
    long start = System.nanoTime();
    try (Scope ignored = QueueTracing.enter(span)) {
      List<Envelope> carried = new ArrayList<>(envelopes.size());
      for (Envelope e : envelopes) {
        carried.add(in.tracing().inject(span, e));
      }
      delegate.pushAll(carried);
      in.meters().sent(envelopes.size(), System.nanoTime() - start);
      in.health().succeeded();
    } catch (BatchPushException e) {
      int failed = e.failures().size();
      sendFailed(span, envelopes.size() - failed, failed, start, e);
      throw e;
    } catch (RuntimeException e) {
      sendFailed(span, 0, envelopes.size(), start, e);
      throw e;
    } finally {
      span.end();
    }
  }

  @Override
  public CompletableFuture<Void> pushAsync(Envelope envelope) {
    Objects.requireNonNull(envelope, "envelope");
    Span span = in.tracing().startSend(envelope, 1);
    long start = System.nanoTime();
    CompletableFuture<Void> written;
    try (Scope ignored = QueueTracing.enter(span)) {
      written = delegate.pushAsync(in.tracing().inject(span, envelope));
    } catch (RuntimeException e) {
      sendFailed(span, 0, 1, start, e);
      span.end();
      throw e;
    }
    // a side branch: the caller gets the provider's own future, completed on its thread
    written.whenComplete((v, error) -> {
      if (error == null) {
        in.meters().sent(1, System.nanoTime() - start);
        in.health().succeeded();
      } else {
        Throwable cause = error instanceof java.util.concurrent.CompletionException
            && error.getCause() != null ? error.getCause() : error;
        sendFailed(span, 0, 1, start, cause);
      }
      span.end();
    });
    return written;
  }

  @Override
  public Optional<Envelope> dequeue() {
    return receive(() -> delegate.dequeue().map(List::of).orElse(List.of())).stream().findFirst();
  }

  @Override
  public Optional<Envelope> dequeue(Duration maxWait) {
    return receive(() -> delegate.dequeue(maxWait).map(List::of).orElse(List.of())).stream()
        .findFirst();
  }

  @Override
  public List<Envelope> dequeue(int maxMessages, Duration maxWait) {
    return receive(() -> delegate.dequeue(maxMessages, maxWait));
  }

  @Override
  public void acknowledge(Envelope envelope) {
    long start = System.nanoTime();
    try {
      delegate.acknowledge(envelope);
    } catch (RuntimeException e) {
      throw failed(QueueMeters.Operation.ACK, start, e);
    }
    settled(QueueMeters.Operation.ACK, start, List.of(envelope), Outcome.ACKNOWLEDGED);
  }

  /**
   * One timed operation for the whole list. On failure nothing is counted as settled: SPEC 4.6
   * leaves each envelope acknowledged or held, and this layer cannot tell which.
   */
  @Override
  public void acknowledgeAll(List<Envelope> envelopes) {
    long start = System.nanoTime();
    try {
      delegate.acknowledgeAll(envelopes);
    } catch (RuntimeException e) {
      throw failed(QueueMeters.Operation.ACK, start, e);
    }
    settled(QueueMeters.Operation.ACK, start, envelopes, Outcome.ACKNOWLEDGED);
  }

  @Override
  public void reject(Envelope envelope) {
    reject(envelope, Outcome.REQUEUED, null, () -> delegate.reject(envelope));
  }

  @Override
  public void reject(Envelope envelope, boolean requeue, String reason) {
    reject(envelope, requeue ? Outcome.REQUEUED : null, reason,
        () -> delegate.reject(envelope, requeue, reason));
  }

  @Override
  public void reject(Envelope envelope, Duration delay, String reason) {
    reject(envelope, Outcome.DELAYED, reason, () -> delegate.reject(envelope, delay, reason));
  }

  @Override
  public Subscription subscribe(MessageHandler handler) {
    return delegate.subscribe(new ObservedHandler(Objects.requireNonNull(handler, "handler"), in));
  }

  @Override
  public Subscription subscribe(MessageHandler handler, SubscriptionOptions options) {
    return delegate.subscribe(new ObservedHandler(Objects.requireNonNull(handler, "handler"), in),
        options);
  }

  /** Closes the instance; what it delivered and was not settled leaves the in-flight count. */
  @Override
  public void close() {
    try {
      delegate.close();
    } finally {
      int n = 0;
      for (String tag : List.copyOf(unsettled)) {
        if (unsettled.remove(tag)) {
          n++;
        }
      }
      in.meters().forgotten(n);
    }
  }

  @Override
  public String toString() {
    return "Instrumented[" + delegate + "]";
  }

  private void reject(Envelope envelope, Outcome wanted, String reason, Runnable call) {
    Objects.requireNonNull(envelope, "envelope");
    Outcome outcome = in.rejectOutcome(envelope, wanted);
    Span span = in.tracing().startReject(envelope);
    long start = System.nanoTime();
    try (Scope ignored = QueueTracing.enter(span)) {
      call.run();
      QueueTracing.rejected(span, outcome, reason, in.deadLetterQueue());
    } catch (RuntimeException e) {
      settleFailed(span, QueueMeters.Operation.REJECT, start, e);
      throw e;
    } finally {
      span.end();
    }
    settled(QueueMeters.Operation.REJECT, start, List.of(envelope), outcome);
  }

  /** Times a successful settle call and counts each of its messages settled once. */
  private void settled(QueueMeters.Operation operation, long start, List<Envelope> envelopes, Outcome outcome) {
    in.meters().succeeded(operation, System.nanoTime() - start);
    in.health().succeeded();
    for (Envelope envelope : envelopes) {
      Optional<String> tag = envelope.deliveryTag();
      if (tag.isPresent() && unsettled.remove(tag.get())) {
        in.meters().settled(outcome);
      }
    }
  }

  /** Times and reports a failed call; returns {@code e} for the caller to throw. */
  private RuntimeException failed(QueueMeters.Operation operation, long start, RuntimeException e) {
    in.meters().failed(operation, System.nanoTime() - start, e.getClass().getName());
    in.health().failed(e);
    return e;
  }

  /** Times and traces one receive call of the delegate; counts what it gave. */
  private List<Envelope> receive(Supplier<List<Envelope>> call) {
    long startEpoch = in.tracing().enabled() ? epochNanos() : 0; // only a span needs it
    long start = System.nanoTime();
    List<Envelope> got;
    try {
      got = call.get();
    } catch (RuntimeException e) {
      receiveFailed(start, e);
      throw e;
    }
    received(startEpoch, start, got);
    return got;
  }

  private void received(long startEpoch, long start, List<Envelope> got) {
    in.meters().received(got.size(), System.nanoTime() - start);
    in.health().succeeded();
    for (Envelope e : got) {
      e.deliveryTag().ifPresent(unsettled::add);
      in.meters().delivered(e.deliveryAttempt());
    }
    in.tracing().received(startEpoch, got);
  }

  private void receiveFailed(long start, RuntimeException e) {
    in.meters().failed(QueueMeters.Operation.RECEIVE, System.nanoTime() - start, e.getClass().getName());
    in.health().failed(e);
  }

  private void sendFailed(Span span, int written, int failed, long start, Throwable e) {
    in.meters().sendFailed(written, failed, System.nanoTime() - start, e.getClass().getName());
    if (e instanceof RuntimeException) {
      in.health().failed((RuntimeException) e);
    }
    QueueTracing.failed(span, e);
  }

  private void settleFailed(Span span, QueueMeters.Operation operation, long start, RuntimeException e) {
    failed(operation, start, e);
    QueueTracing.failed(span, e);
  }

  private static long epochNanos() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
