package dev.mq.kinesis.internal;

import dev.mq.DeadLetters;
import dev.mq.Envelope;
import dev.mq.MessageHandler;
import dev.mq.MessageQueue;
import dev.mq.MessageTooLargeException;
import dev.mq.MessagingException;
import dev.mq.Subscription;
import dev.mq.SubscriptionOptions;
import dev.mq.kinesis.internal.consumer.DeadLetterSink;
import dev.mq.kinesis.internal.consumer.Dispatcher;
import dev.mq.kinesis.internal.consumer.GroupEngine;
import dev.mq.kinesis.internal.consumer.InboundMessage;
import dev.mq.spi.DeadLetterReasons;
import dev.mq.spi.Deliveries;
import dev.mq.spi.DeliveryTags;
import dev.mq.spi.PollingSubscription;
import dev.mq.spi.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One queue instance: pushes through the broker's producer and takes messages from its group's
 * shared engine. The engine is started (or joined) at the first dequeue or subscribe, so an
 * instance that only pushes never reads. It holds the messages it delivered until they are
 * acknowledged, rejected, given back by a subscription, or the instance closes (then they go back
 * to the group).
 *
 * <p>Over 350 lines because it implements the whole {@code MessageQueue} contract, and every
 * operation of it (push, dequeue, acknowledge, reject, subscribe, close) reads or changes the same
 * held messages and closed state; the pushing itself is the broker's, the reading the engine's.
 */
final class KinesisMessageQueue implements MessageQueue {

  private static final Logger log = LoggerFactory.getLogger(KinesisMessageQueue.class);

  private record Delivery(long id, InboundMessage message, Envelope delivered) {}

  private final KinesisBroker broker;
  private final String name;
  private final String group;
  private final String stream;
  // Set once, under lifecycle, at the first dequeue or subscribe. Every delivery comes from it,
  // so the settling methods, which need a delivery, always find it set.
  private volatile GroupEngine engine;
  private final DeadLetterSink deadLetters;
  private final int maxAttempts;
  private final RetryPolicy retryPolicy;
  private final DeliveryTags tags = new DeliveryTags(KinesisBroker.PROVIDER_NAME);
  private final Map<Long, Delivery> inFlight = new ConcurrentHashMap<>();
  private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final Object lifecycle = new Object();
  private volatile boolean closed;

  KinesisMessageQueue(KinesisBroker broker, String name, String group, String stream,
      DeadLetterSink deadLetters, int maxAttempts, RetryPolicy retryPolicy) {
    this.broker = broker;
    this.name = name;
    this.group = group;
    this.stream = stream;
    this.deadLetters = deadLetters;
    this.maxAttempts = maxAttempts;
    this.retryPolicy = retryPolicy;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String consumerGroup() {
    return group;
  }

  @Override
  public void push(Envelope envelope) {
    Objects.requireNonNull(envelope, "envelope");
    checkOpen();
    broker.write(stream, List.of(envelope), false);
  }

  @Override
  public CompletableFuture<Void> pushAsync(Envelope envelope) {
    Objects.requireNonNull(envelope, "envelope");
    checkOpen();
    return broker.writeAsync(stream, envelope);
  }

  @Override
  public void pushAll(List<Envelope> envelopes) {
    Objects.requireNonNull(envelopes, "envelopes");
    for (Envelope e : envelopes) {
      Objects.requireNonNull(e, "an element of envelopes is null");
    }
    checkOpen();
    if (envelopes.isEmpty()) {
      return;
    }
    broker.write(stream, List.copyOf(envelopes), true);
  }

  @Override
  public Optional<Envelope> dequeue() {
    return take(0);
  }

  @Override
  public Optional<Envelope> dequeue(Duration maxWait) {
    Objects.requireNonNull(maxWait, "maxWait");
    if (maxWait.isNegative()) {
      throw new IllegalArgumentException("maxWait must not be negative: " + maxWait);
    }
    return take(saturatedNanos(maxWait));
  }

  /**
   * The group's engine, attaching this instance to it on first use.
   *
   * @throws IllegalStateException if this instance is closed
   */
  private GroupEngine engine() {
    GroupEngine e = engine;
    if (e != null) {
      return e;
    }
    synchronized (lifecycle) {
      checkOpen();
      if (engine == null) {
        engine = broker.attachConsumer(name, stream, group);
      }
      return engine;
    }
  }

  @Override
  public List<Envelope> dequeue(int maxMessages, Duration maxWait) {
    Objects.requireNonNull(maxWait, "maxWait");
    if (maxMessages < 1) {
      throw new IllegalArgumentException("maxMessages must be at least 1: " + maxMessages);
    }
    if (maxWait.isNegative()) {
      throw new IllegalArgumentException("maxWait must not be negative: " + maxWait);
    }
    return take(maxMessages, saturatedNanos(maxWait));
  }

  private Optional<Envelope> take(long nanos) {
    List<Envelope> one = take(1, nanos);
    return one.isEmpty() ? Optional.empty() : Optional.of(one.get(0));
  }

  private List<Envelope> take(int max, long nanos) {
    checkOpen();
    GroupEngine engine = engine();
    List<Dispatcher.Taken> taken;
    try {
      taken = engine.dispatcher().take(max, nanos, TimeUnit.NANOSECONDS, () -> closed);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
    if (taken.isEmpty()) {
      checkOpen();
      return List.of();
    }
    List<Delivery> deliveries = new ArrayList<>(taken.size());
    for (Dispatcher.Taken t : taken) {
      long id = tags.next();
      deliveries.add(new Delivery(id, t.message(),
          Deliveries.deliver(t.message().envelope(), t.attempt(), tags.tag(id))));
    }
    synchronized (lifecycle) {
      if (closed) {
        // back in reverse, so that each lands in front of those taken after it
        for (int i = deliveries.size() - 1; i >= 0; i--) {
          engine.dispatcher().giveBack(deliveries.get(i).message());
        }
        throw closedException();
      }
      deliveries.forEach(d -> inFlight.put(d.id(), d));
    }
    return deliveries.stream().map(Delivery::delivered).toList();
  }

  @Override
  public void acknowledge(Envelope envelope) {
    Delivery d = claim(envelope);
    if (d != null) {
      engine.settled(d.message());
    }
  }

  @Override
  public void reject(Envelope envelope, boolean requeue, String reason) {
    reject(envelope, requeue, -1, reason);
  }

  @Override
  public void reject(Envelope envelope, Duration delay, String reason) {
    reject(envelope, true, RetryPolicy.requeueDelayNanos(delay), reason);
  }

  /** {@code delayNanos} below 0: the retry policy's wait for the rejected attempt. */
  private void reject(Envelope envelope, boolean requeue, long delayNanos, String reason) {
    Delivery d = claim(envelope);
    if (d == null) {
      return; // settled already: harmless, like a second acknowledge
    }
    int attempt = d.delivered().deliveryAttempt();
    if (requeue && attempt < maxAttempts) {
      engine.dispatcher().requeue(d.message(), delayNanos >= 0 ? delayNanos
          : saturatedNanos(retryPolicy.delayAfter(attempt)));
      return;
    }
    String why = DeadLetterReasons.of(reason, requeue, maxAttempts);
    if (deadLetters.isConfigured()) {
      try {
        deadLetters.send(DeadLetters.envelopeFor(d.delivered(), name, group, why));
      } catch (MessageTooLargeException e) {
        // Only a record this provider did not write (another producer's, or one written before
        // every record kept room for the dead-letter properties) gets here. It can never fit, and
        // keeping it in flight would stop its shard, so it is dropped like without a dead-letter
        // queue (SPEC 5.6).
        log.warn("dropping {} of queue {} (group {}): too large for the dead-letter queue ({}; a "
            + "stream whose record limit was raised needs the same mq.kinesis.max-record-bytes "
            + "here); reason: {}", d.delivered(), name, group, e.getMessage(), why);
      } catch (RuntimeException e) {
        restore(d);
        throw new MessagingException("could not move " + d.delivered() + " to the dead-letter queue; "
            + "it stays unacknowledged: " + e.getMessage(), e);
      }
    } else {
      log.warn("dropping {} of queue {} (group {}) after {} deliveries, no dead-letter queue is "
          + "configured: {}", d.delivered(), name, group, attempt, why);
    }
    engine.settled(d.message());
  }

  private void restore(Delivery d) {
    synchronized (lifecycle) {
      if (!closed) {
        inFlight.put(d.id(), d);
        return;
      }
    }
    engine.dispatcher().giveBack(d.message());
  }

  /**
   * The in-flight delivery of {@code envelope}, removed from the in-flight set; null when this
   * instance delivered it but it is settled already.
   */
  private Delivery claim(Envelope envelope) {
    Objects.requireNonNull(envelope, "envelope");
    checkOpen();
    String tag = envelope.deliveryTag().orElseThrow(() -> notOurs(envelope));
    long id = tags.delivery(tag);
    if (id < 0) {
      throw notOurs(envelope);
    }
    Delivery d = inFlight.remove(id);
    if (d != null && !d.delivered().messageId().equals(envelope.messageId())) {
      inFlight.put(d.id(), d);
      throw notOurs(envelope);
    }
    return d;
  }

  private IllegalArgumentException notOurs(Envelope e) {
    return new IllegalArgumentException(e + " was not delivered by this instance of queue " + name
        + " (group " + group + ")");
  }

  /** A subscription gives a message back: it goes to the group again, unchanged. */
  private void giveBack(Envelope envelope) {
    long id = tags.delivery(envelope.deliveryTag().orElse(null));
    if (id >= 0) {
      Delivery d = inFlight.remove(id);
      if (d != null) {
        engine.dispatcher().giveBack(d.message());
      }
    }
  }

  @Override
  public Subscription subscribe(MessageHandler handler, SubscriptionOptions options) {
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(options, "options");
    checkOpen();
    engine(); // start reading now, and fail here if the group cannot start
    PollingSubscription s = new PollingSubscription(this, handler, options, this::giveBack);
    subscriptions.add(s);
    if (closing.get()) {
      s.close();
    }
    return s;
  }

  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    for (Subscription s : new ArrayList<>(subscriptions)) {
      try {
        s.close();
      } catch (RuntimeException e) {
        log.warn("closing a subscription of queue {} failed", name, e);
      }
    }
    GroupEngine engine;
    synchronized (lifecycle) {
      closed = true;
      engine = this.engine;
    }
    if (engine == null) {
      broker.closed(this); // never consumed: nothing delivered, nothing attached
      return;
    }
    engine.dispatcher().wakeAll();
    for (Long id : new ArrayList<>(inFlight.keySet())) {
      Delivery d = inFlight.remove(id);
      if (d != null) {
        engine.dispatcher().giveBack(d.message());
      }
    }
    engine.detach();
    broker.closed(this);
  }

  private void checkOpen() {
    if (closed) {
      throw closedException();
    }
  }

  private IllegalStateException closedException() {
    return new IllegalStateException("queue " + name + " (group " + group + ") is closed");
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  @Override
  public String toString() {
    return "KinesisMessageQueue[" + name + ", stream " + stream + ", group " + group + "]";
  }
}
