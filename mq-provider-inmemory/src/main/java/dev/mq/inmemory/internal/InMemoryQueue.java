package dev.mq.inmemory.internal;

import dev.mq.BatchPushException;
import dev.mq.DeadLetters;
import dev.mq.Envelope;
import dev.mq.MessageHandler;
import dev.mq.MessageQueue;
import dev.mq.MessagingException;
import dev.mq.Subscription;
import dev.mq.SubscriptionOptions;
import dev.mq.spi.AcknowledgeAndDequeue;
import dev.mq.spi.DeadLetterReasons;
import dev.mq.spi.Deliveries;
import dev.mq.spi.DeliveryTags;
import dev.mq.spi.PollingSubscription;
import dev.mq.spi.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer handle on a queue and group. It competes with the group's other instances for
 * messages and remembers what it delivered until that is acknowledged or rejected.
 *
 * <p>Delivery tags come from {@link DeliveryTags}; their sequences only grow, so a tag of this
 * instance that is no longer in flight was settled before, and settling it again is a no-op,
 * without remembering settled tags.
 *
 * <p>Over 350 lines because it implements the whole {@code MessageQueue} contract and
 * {@code AcknowledgeAndDequeue}, and every operation reads or changes the same in-flight messages
 * and closed state; storing and ordering the messages is the {@link ConsumerGroup}'s.
 */
final class InMemoryQueue implements MessageQueue, AcknowledgeAndDequeue {

  private static final Logger log = LoggerFactory.getLogger(InMemoryQueue.class);

  /** Array size a batch dequeue starts with; it grows up to the batch's maximum. */
  private static final int INITIAL_BATCH_CAPACITY = 16;
  private static final int OPEN = 0;
  /** Closing: no new deliveries, pushes or subscriptions; running handlers may still settle. */
  private static final int CLOSING = 1;
  private static final int CLOSED = 2;

  private final InMemoryBroker broker;
  private final Topic topic;
  private final ConsumerGroup group;
  private final int maxMessageSize;
  private final int maxDeliveryAttempts;
  private final RetryPolicy retryPolicy;
  private final DeliveryTags tags = new DeliveryTags(InMemoryConfig.PROVIDER_NAME);
  private final AtomicInteger state = new AtomicInteger(OPEN);
  private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();

  /** Guarded by {@code group.lock}, like the group itself. */
  private final InFlightMessages inFlight = new InFlightMessages();

  InMemoryQueue(InMemoryBroker broker, Topic topic, ConsumerGroup group, InMemoryConfig config) {
    this.broker = broker;
    this.topic = topic;
    this.group = group;
    this.maxMessageSize = config.maxMessageSize();
    this.maxDeliveryAttempts = config.maxDeliveryAttempts();
    this.retryPolicy = config.retryPolicy();
  }

  @Override
  public String name() {
    return topic.name();
  }

  @Override
  public String consumerGroup() {
    return group.name();
  }

  @Override
  public void push(Envelope envelope) {
    Objects.requireNonNull(envelope, "envelope");
    ensureOpen();
    MessageSize.check(envelope, maxMessageSize);
    topic.write(withoutDelivery(envelope));
  }

  /** All or nothing: a batch that does not fit fails whole, naming every envelope of it. */
  @Override
  public void pushAll(List<Envelope> envelopes) {
    Objects.requireNonNull(envelopes, "envelopes");
    Envelope[] batch = envelopes.toArray(new Envelope[0]);
    for (int i = 0; i < batch.length; i++) {
      if (batch[i] == null) {
        throw new NullPointerException("envelope at index " + i + " is null; nothing was written");
      }
    }
    ensureOpen();
    for (Envelope e : batch) {
      MessageSize.check(e, maxMessageSize);
    }
    if (batch.length == 0) {
      return;
    }
    Envelope[] stored = new Envelope[batch.length];
    for (int i = 0; i < batch.length; i++) {
      stored[i] = withoutDelivery(batch[i]);
    }
    try {
      topic.write(stored);
    } catch (MessagingException e) {
      List<BatchPushException.Failure> failures = new ArrayList<>(batch.length);
      for (Envelope original : batch) {
        failures.add(new BatchPushException.Failure(original, e));
      }
      throw new BatchPushException(batch.length, failures);
    }
  }

  @Override
  public Optional<Envelope> dequeue() {
    return dequeue(Duration.ZERO);
  }

  @Override
  public Optional<Envelope> dequeue(Duration maxWait) {
    long nanos = waitNanos(maxWait);
    StoredMessage m;
    long sequence;
    int attempt;
    group.lock.lock();
    try {
      m = takeWaiting(nanos);
      if (m == null) {
        return Optional.empty();
      }
      sequence = track(m);
      attempt = m.deliveries;
    } finally {
      group.lock.unlock();
    }
    return Optional.of(delivered(m, sequence, attempt));
  }

  /**
   * What a subscription worker does between two handlers, under one lock acquisition instead of
   * two: acknowledge the handled message, then dequeue the next.
   */
  @Override
  public Optional<Envelope> acknowledgeAndDequeue(Envelope delivered, Duration maxWait) {
    Objects.requireNonNull(delivered, "delivered");
    long nanos = waitNanos(maxWait);
    ensureNotClosed();
    String tag = tagOf(delivered);
    long done = sequenceOf(tag, delivered);
    StoredMessage m;
    long sequence;
    int attempt;
    group.lock.lock();
    try {
      StoredMessage settled = inFlightOrNull(delivered, done);
      if (settled != null) {
        inFlight.remove(done);
        group.settle(settled);
      }
      m = takeWaiting(nanos);
      if (m == null) {
        return Optional.empty();
      }
      sequence = track(m);
      attempt = m.deliveries;
    } finally {
      group.lock.unlock();
    }
    return Optional.of(delivered(m, sequence, attempt));
  }

  /** The whole batch under one lock acquisition; each message is tracked on its own. */
  @Override
  public List<Envelope> dequeue(int maxMessages, Duration maxWait) {
    long nanos = waitNanos(maxWait);
    checkMaxMessages(maxMessages);
    Batch batch = new Batch(maxMessages);
    group.lock.lock();
    try {
      batch.take(nanos);
    } finally {
      group.lock.unlock();
    }
    return batch.delivered();
  }

  /**
   * Messages taken under the lock in one go, tracked each on its own; their delivered copies
   * are built after the lock is released, to keep the hold short.
   */
  private final class Batch {
    private final int max;
    private StoredMessage[] messages;
    private long[] sequences;
    private int[] attempts;
    private int size;

    Batch(int max) {
      this.max = max;
      int capacity = Math.min(max, INITIAL_BATCH_CAPACITY);
      messages = new StoredMessage[capacity];
      sequences = new long[capacity];
      attempts = new int[capacity];
    }

    /** Takes up to {@code max} messages, waiting up to {@code nanos} for the first. Lock held. */
    void take(long nanos) {
      StoredMessage m = takeWaiting(nanos);
      while (m != null) {
        if (size == messages.length) {
          int capacity = (int) Math.min(max, 2L * size);
          messages = Arrays.copyOf(messages, capacity);
          sequences = Arrays.copyOf(sequences, capacity);
          attempts = Arrays.copyOf(attempts, capacity);
        }
        messages[size] = m;
        sequences[size] = track(m);
        attempts[size] = m.deliveries;
        size++;
        m = size < max ? group.take() : null;
      }
    }

    List<Envelope> delivered() {
      if (size == 0) {
        return List.of();
      }
      List<Envelope> out = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        out.add(InMemoryQueue.this.delivered(messages[i], sequences[i], attempts[i]));
      }
      return out;
    }
  }

  private static void checkMaxMessages(int maxMessages) {
    if (maxMessages < 1) {
      throw new IllegalArgumentException("maxMessages must be at least 1: " + maxMessages);
    }
  }

  /**
   * Takes the next message, waiting up to {@code nanos} for one; null when none came or the
   * thread was interrupted (the flag stays set). Call with the lock held.
   */
  private StoredMessage takeWaiting(long nanos) {
    while (true) {
      ensureOpen();
      StoredMessage m = group.take();
      if (m != null) {
        return m;
      }
      if (nanos <= 0) {
        return null;
      }
      try {
        nanos = group.awaitReady(nanos);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
  }

  private static long waitNanos(Duration maxWait) {
    Objects.requireNonNull(maxWait, "maxWait");
    if (maxWait.isNegative()) {
      throw new IllegalArgumentException("maxWait must not be negative: " + maxWait);
    }
    return saturatedNanos(maxWait);
  }

  @Override
  public void acknowledge(Envelope envelope) {
    Objects.requireNonNull(envelope, "envelope");
    ensureNotClosed();
    String tag = tagOf(envelope);
    long sequence = sequenceOf(tag, envelope);
    group.lock.lock();
    try {
      StoredMessage m = inFlightOrNull(envelope, sequence);
      if (m != null) {
        inFlight.remove(sequence);
        group.settle(m);
      }
    } finally {
      group.lock.unlock();
    }
  }

  /**
   * Every envelope is checked before any is settled, so a foreign one leaves all held; the
   * settlements then happen under one lock acquisition.
   */
  @Override
  public void acknowledgeAll(List<Envelope> envelopes) {
    Objects.requireNonNull(envelopes, "envelopes");
    ensureNotClosed();
    int n = envelopes.size();
    long[] sequences = new long[n];
    for (int i = 0; i < n; i++) {
      Envelope e = Objects.requireNonNull(envelopes.get(i), "envelope in the list");
      sequences[i] = sequenceOf(tagOf(e), e);
    }
    group.lock.lock();
    try {
      StoredMessage[] held = new StoredMessage[n];
      for (int i = 0; i < n; i++) {
        held[i] = inFlightOrNull(envelopes.get(i), sequences[i]);
      }
      for (int i = 0; i < n; i++) {
        // a repeated envelope was removed by its first occurrence
        if (held[i] != null && inFlight.remove(sequences[i]) != null) {
          group.settle(held[i]);
        }
      }
    } finally {
      group.lock.unlock();
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
    Objects.requireNonNull(envelope, "envelope");
    ensureNotClosed();
    String tag = tagOf(envelope);
    long sequence = sequenceOf(tag, envelope);
    StoredMessage m;
    int attempts;
    group.lock.lock();
    try {
      m = inFlightOrNull(envelope, sequence);
      if (m == null) {
        return;
      }
      inFlight.remove(sequence);
      attempts = m.deliveries;
      if (requeue && attempts < maxDeliveryAttempts) {
        group.requeueAfter(m, delayNanos >= 0 ? delayNanos
            : saturatedNanos(retryPolicy.delayAfter(attempts)));
        return;
      }
    } finally {
      group.lock.unlock();
    }
    deadLetter(m, sequence, attempts, DeadLetterReasons.of(reason, requeue, maxDeliveryAttempts));
  }

  @Override
  public Subscription subscribe(MessageHandler handler, SubscriptionOptions options) {
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(options, "options");
    ensureOpen();
    subscriptions.removeIf(s -> !s.isActive());
    Subscription s = new PollingSubscription(this, handler, options, this::giveBack);
    subscriptions.add(s);
    if (state.get() != OPEN) {
      s.close(); // close() ran meanwhile and may have missed it
      throw closedException();
    }
    return s;
  }

  /**
   * Stops the subscriptions (they may still settle what their handlers run), then returns every
   * message still in flight to the group, to be delivered again with its attempt raised.
   */
  @Override
  public void close() {
    if (!state.compareAndSet(OPEN, CLOSING)) {
      return;
    }
    group.lock.lock();
    try {
      group.wakeConsumers(); // waiters in dequeue(maxWait) on this instance see it closing
    } finally {
      group.lock.unlock();
    }
    for (Subscription s : List.copyOf(subscriptions)) {
      try {
        s.close();
      } catch (RuntimeException e) {
        log.warn("closing a subscription of queue {} (group {}) failed", name(), consumerGroup(), e);
      }
    }
    subscriptions.clear();
    group.lock.lock();
    try {
      state.set(CLOSED);
      inFlight.forEach(group::requeue);
      inFlight.clear();
    } finally {
      group.lock.unlock();
    }
    broker.forget(this);
  }

  @Override
  public String toString() {
    return "InMemoryQueue[" + name() + "/" + consumerGroup() + "]";
  }

  /** The subscription's giveBack callback: returns a held message without counting an attempt. */
  private void giveBack(Envelope envelope) {
    long sequence = tags.delivery(envelope.deliveryTag().orElse(null));
    if (sequence < 0) {
      return;
    }
    group.lock.lock();
    try {
      StoredMessage m = inFlight.remove(sequence);
      if (m != null) {
        group.requeue(m);
      }
    } finally {
      group.lock.unlock();
    }
  }

  /**
   * Moves a message that is no longer in flight to the dead-letter queue, or drops it with a
   * WARN line. If the dead-letter queue refuses it, the message goes back in flight.
   */
  private void deadLetter(StoredMessage m, long sequence, int attempts, String reason) {
    Optional<String> dlq = topic.deadLetterQueue();
    if (dlq.isPresent()) {
      Envelope delivered = Deliveries.deliver(m.envelope, attempts, tags.tag(sequence));
      try {
        broker.pushDeadLetter(dlq.get(),
            DeadLetters.envelopeFor(delivered, name(), consumerGroup(), reason));
      } catch (RuntimeException e) {
        restoreAfterFailedDeadLetter(m, sequence);
        throw e;
      }
    } else {
      log.warn("dropping message {} from queue {} (group {}) after {} delivery attempts; no "
              + "dead-letter queue is configured; reason: {}",
          m.envelope.messageId(), name(), consumerGroup(), attempts, reason);
    }
    group.lock.lock();
    try {
      group.settle(m);
    } finally {
      group.lock.unlock();
    }
  }

  /** After a failed dead-letter push: in flight again, or back to the group if we closed. */
  private void restoreAfterFailedDeadLetter(StoredMessage m, long sequence) {
    group.lock.lock();
    try {
      if (state.get() == CLOSED) {
        group.requeue(m);
      } else {
        inFlight.put(sequence, m);
      }
    } finally {
      group.lock.unlock();
    }
  }

  /** Call with the lock held. */
  private long track(StoredMessage m) {
    long sequence = tags.next();
    inFlight.put(sequence, m);
    return sequence;
  }

  /**
   * The in-flight message for the tag, or null when this instance settled it already.
   * Call with the lock held.
   *
   * @throws IllegalArgumentException if this instance never delivered it
   */
  private StoredMessage inFlightOrNull(Envelope envelope, long sequence) {
    StoredMessage m = inFlight.get(sequence); // sequenceOf checked the tag is one we issued
    if (m == null) {
      if (state.get() == CLOSED) {
        throw closedException();
      }
      return null;
    }
    if (!m.envelope.messageId().equals(envelope.messageId())) {
      throw notDeliveredHere(envelope);
    }
    return m;
  }

  /** Built outside the lock; shares the stored envelope's body and properties. */
  private Envelope delivered(StoredMessage m, long sequence, int attempt) {
    return Deliveries.deliver(m.envelope, attempt, tags.tag(sequence));
  }

  private String tagOf(Envelope envelope) {
    String tag = envelope.deliveryTag().orElse(null);
    if (tag == null) {
      throw notDeliveredHere(envelope);
    }
    return tag;
  }

  /** The sequence of a tag this instance issued; a tag of anyone else is not delivered here. */
  private long sequenceOf(String tag, Envelope envelope) {
    long sequence = tags.delivery(tag);
    if (sequence <= 0) {
      throw notDeliveredHere(envelope);
    }
    return sequence;
  }

  private IllegalArgumentException notDeliveredHere(Envelope envelope) {
    return new IllegalArgumentException("message " + envelope.messageId()
        + " was not delivered by this instance of queue '" + name() + "' (group '"
        + consumerGroup() + "')");
  }

  private static Envelope withoutDelivery(Envelope e) {
    return Deliveries.undelivered(e);
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  private void ensureOpen() {
    if (state.get() != OPEN) {
      throw closedException();
    }
  }

  private void ensureNotClosed() {
    if (state.get() == CLOSED) {
      throw closedException();
    }
  }

  private IllegalStateException closedException() {
    return new IllegalStateException("queue '" + name() + "' (group '" + consumerGroup()
        + "') instance is closed");
  }
}
