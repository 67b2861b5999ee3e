package dev.mq.sqs.internal;

import dev.mq.DeadLetters;
import dev.mq.Envelope;
import dev.mq.MessageHandler;
import dev.mq.MessageQueue;
import dev.mq.MessagingException;
import dev.mq.Subscription;
import dev.mq.SubscriptionOptions;
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
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * One queue instance: an SQS queue seen by the default consumer group. Push is SendMessage(Batch);
 * dequeue is ReceiveMessage (long polls of at most {@code receive-wait-time}, short polls every
 * 50 ms for what is left under a second); acknowledge deletes; reject with requeue changes the
 * visibility to the retry delay; a final reject writes a dead letter and deletes. The delivery
 * attempt is SQS's receive count. Messages this instance holds are kept invisible by the broker's
 * {@link VisibilityKeeper} (up to {@code max-hold-time}) and made visible again when it closes.
 *
 * <p>Over 350 lines because it implements the whole {@code MessageQueue} contract, and every
 * operation reads or changes the same held messages and closed state; encoding is
 * {@link SqsProducer}'s, batching of {@code pushAsync} the {@link AsyncPusher}'s.
 */
final class SqsQueue implements MessageQueue {

  private static final Logger log = LoggerFactory.getLogger(SqsQueue.class);
  /** How often a waiting dequeue looks whether its instance closed. */
  private static final long CLOSE_CHECK_MILLIS = 100;
  /** Pause between short polls while less than a second of a wait is left. */
  private static final long SHORT_POLL_PAUSE_MILLIS = 50;

  private final SqsBroker broker;
  private final SqsConfig config;
  private final SqsAsyncClient client;
  private final String name;
  private final String group;
  private final String sqsName;
  private final boolean fifo;
  private final String url;
  private final DeliveryTags tags = new DeliveryTags("sqs");
  private final AsyncPusher pusher;
  private final DeleteBatcher deletes;
  private final VisibilityCounts visibility;
  private final Map<String, Held> held = new ConcurrentHashMap<>();
  private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
  private final AtomicBoolean closing = new AtomicBoolean();
  private volatile boolean closed;

  SqsQueue(SqsBroker broker, String name, String group, String sqsName, boolean fifo, String url) {
    this.broker = broker;
    this.config = broker.config();
    this.client = broker.client();
    this.name = name;
    this.group = group;
    this.sqsName = sqsName;
    this.fifo = fifo;
    this.url = url;
    this.pusher = broker.asyncPusher(sqsName, fifo);
    this.deletes = broker.deleteBatcher(url);
    this.visibility = broker.visibilityCounts(name);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String consumerGroup() {
    return group;
  }

  // ---------------------------------------------------------------- push

  @Override
  public void push(Envelope envelope) {
    Objects.requireNonNull(envelope, "envelope");
    ensureOpen();
    byte[] record = SqsProducer.encode(envelope, config.pushLimit());
    broker.producer().send(sqsName, fifo, envelope, record);
  }

  /**
   * Queues the envelope in this instance's lane, written in batches in call order (see
   * {@link AsyncPusher}); size and state are checked at the call.
   */
  @Override
  public CompletableFuture<Void> pushAsync(Envelope envelope) {
    Objects.requireNonNull(envelope, "envelope");
    ensureOpen();
    byte[] record = SqsProducer.encode(envelope, config.pushLimit());
    return pusher.submit(envelope, record);
  }

  @Override
  public void pushAll(List<Envelope> envelopes) {
    Objects.requireNonNull(envelopes, "envelopes");
    for (int i = 0; i < envelopes.size(); i++) {
      Objects.requireNonNull(envelopes.get(i), "envelope " + i);
    }
    ensureOpen();
    List<byte[]> records = new ArrayList<>(envelopes.size());
    for (Envelope e : envelopes) {
      records.add(SqsProducer.encode(e, config.pushLimit()));
    }
    if (!envelopes.isEmpty()) {
      broker.producer().sendAll(sqsName, fifo, List.copyOf(envelopes), records);
    }
  }

  // ---------------------------------------------------------------- dequeue

  @Override
  public Optional<Envelope> dequeue() {
    return receive(1, 0).stream().findFirst();
  }

  @Override
  public Optional<Envelope> dequeue(Duration maxWait) {
    return receive(1, waitNanos(maxWait)).stream().findFirst();
  }

  @Override
  public List<Envelope> dequeue(int maxMessages, Duration maxWait) {
    Objects.requireNonNull(maxWait, "maxWait");
    if (maxMessages < 1) {
      throw new IllegalArgumentException("maxMessages must be at least 1: " + maxMessages);
    }
    return receive(maxMessages, waitNanos(maxWait));
  }

  private static long waitNanos(Duration maxWait) {
    Objects.requireNonNull(maxWait, "maxWait");
    if (maxWait.isNegative()) {
      throw new IllegalArgumentException("maxWait must not be negative: " + maxWait);
    }
    // a year is forever here, and keeps deadline arithmetic far from overflow
    return maxWait.compareTo(Duration.ofDays(365)) > 0 ? Duration.ofDays(365).toNanos() : maxWait.toNanos();
  }

  /**
   * Up to {@code max} messages within {@code waitNanos}. FIFO queues receive one message per call,
   * because SQS may return several messages of one group in one answer, and a later message of a
   * key must not be delivered while an earlier one is held (SPEC 7.2, 3.11).
   */
  private List<Envelope> receive(int max, long waitNanos) {
    ensureOpen();
    long deadline = System.nanoTime() + waitNanos;
    List<Envelope> out = new ArrayList<>();
    while (true) {
      long remaining = deadline - System.nanoTime();
      int waitSeconds = out.isEmpty()
          ? (int) Math.min(config.receiveWaitTime().getSeconds(), Math.max(0, remaining / 1_000_000_000L)) : 0;
      int ask = fifo ? 1 : Math.min(max - out.size(), config.receiveBatchSize());
      List<Message> got = receiveOnce(ask, waitSeconds);
      if (got == null) {
        return out; // interrupted: what came so far is delivered
      }
      out.addAll(hold(got));
      if (out.size() >= max || (!out.isEmpty() && got.isEmpty())) {
        return out;
      }
      if (!got.isEmpty()) {
        continue; // take what else is there at once
      }
      remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        return out;
      }
      if (waitSeconds == 0) {
        try {
          Thread.sleep(Math.max(1, Math.min(SHORT_POLL_PAUSE_MILLIS, remaining / 1_000_000)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return out;
        }
        ensureOpen();
      }
    }
  }

  /**
   * One ReceiveMessage; null when the thread was interrupted. A call abandoned because of an
   * interrupt or a close gives back whatever it receives later.
   */
  private List<Message> receiveOnce(int max, int waitSeconds) {
    ReceiveMessageRequest request = ReceiveMessageRequest.builder()
        .queueUrl(url)
        .maxNumberOfMessages(max)
        .waitTimeSeconds(waitSeconds)
        .visibilityTimeout((int) config.visibilityTimeout().getSeconds())
        .messageAttributeNames("All")
        .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
            MessageSystemAttributeName.MESSAGE_GROUP_ID)
        .overrideConfiguration(o -> o.apiCallAttemptTimeout(
            SqsClients.receiveTimeout(config, Duration.ofSeconds(waitSeconds))))
        // FIFO: an SDK retry of a receive whose answer was lost gets the same messages back,
        // instead of leaving them (and their groups) invisible for a visibility timeout
        .receiveRequestAttemptId(fifo ? UUID.randomUUID().toString() : null)
        .build();
    CompletableFuture<ReceiveMessageResponse> call = client.receiveMessage(request);
    while (true) {
      try {
        return call.get(CLOSE_CHECK_MILLIS, TimeUnit.MILLISECONDS).messages();
      } catch (TimeoutException stillWaiting) {
        if (closed) {
          abandon(call);
          throw closedException();
        }
      } catch (InterruptedException e) {
        abandon(call);
        Thread.currentThread().interrupt();
        return null;
      } catch (ExecutionException e) {
        Throwable cause = Calls.unwrap(e.getCause());
        throw new MessagingException("could not receive from the SQS queue " + sqsName + ": "
            + cause.getMessage(), cause);
      }
    }
  }

  private void abandon(CompletableFuture<ReceiveMessageResponse> call) {
    call.thenAccept(r -> {
      if (!r.messages().isEmpty()) {
        giveBackReceipts(r.messages().stream().map(Message::receiptHandle).toList());
      }
    });
  }

  private List<Envelope> hold(List<Message> messages) {
    if (messages.isEmpty()) {
      return List.of();
    }
    long now = System.nanoTime();
    long visibleUntil = now + config.visibilityTimeout().toNanos();
    List<Envelope> out = new ArrayList<>(messages.size());
    List<Held> mine = new ArrayList<>(messages.size());
    for (Message m : messages) {
      Envelope stored = EnvelopeCodec.decode(m);
      String tag = tags.tag(tags.next());
      Envelope delivered = Deliveries.deliver(stored, Math.max(1, receiveCount(m)), tag);
      Held h = new Held(tag, m.receiptHandle(), delivered, now, visibleUntil);
      held.put(tag, h);
      mine.add(h);
      out.add(delivered);
    }
    if (closed) {
      // close may have drained before these were added: whichever removes one gives it back
      giveBack(mine.stream().filter(h -> held.remove(h.tag, h)).toList());
      throw closedException();
    }
    return out;
  }

  private static int receiveCount(Message m) {
    String count = m.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
    try {
      return count == null ? 1 : Math.max(1, Integer.parseInt(count));
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  // ---------------------------------------------------------------- settle

  /** The held message of {@code e}, now settled, or null when it was settled already. */
  private Held take(Envelope e) {
    Objects.requireNonNull(e, "envelope");
    ensureOpen();
    Held h = held.remove(checkDelivered(e));
    if (h == null || !h.settle()) {
      return null;
    }
    return h;
  }

  /** The delivery tag of {@code e}, which this instance issued. */
  private String checkDelivered(Envelope e) {
    String tag = e.deliveryTag().orElse(null);
    if (tags.delivery(tag) < 0) {
      throw new IllegalArgumentException(e + " was not delivered by this queue instance of " + name);
    }
    return tag;
  }

  @Override
  public void acknowledge(Envelope envelope) {
    Held h = take(envelope);
    if (h != null) {
      delete(h, "acknowledge");
    }
  }

  /**
   * Every envelope is checked before any is settled; the deletes are queued together, so ten
   * acknowledgements are one DeleteMessageBatch call instead of ten.
   */
  @Override
  public void acknowledgeAll(List<Envelope> envelopes) {
    Objects.requireNonNull(envelopes, "envelopes");
    ensureOpen();
    for (Envelope e : envelopes) {
      checkDelivered(Objects.requireNonNull(e, "envelope in the list"));
    }
    List<Held> settled = new ArrayList<>();
    for (Envelope e : envelopes) {
      Held h = take(e);
      if (h != null) {
        settled.add(h);
      }
    }
    if (settled.isEmpty()) {
      return;
    }
    List<String> receipts = new ArrayList<>(settled.size());
    settled.forEach(h -> receipts.add(h.receiptHandle));
    List<CompletableFuture<Void>> results = deletes.deleteAll(receipts);
    List<String> failed = new ArrayList<>();
    Throwable firstCause = null;
    for (int i = 0; i < results.size(); i++) {
      try {
        Calls.await(results.get(i));
      } catch (Calls.SdkFailure f) {
        failed.add(settled.get(i).delivered.messageId());
        firstCause = firstCause == null ? f.getCause() : firstCause;
      }
    }
    if (!failed.isEmpty()) {
      throw new MessagingException("could not acknowledge " + failed.size() + " of " + settled.size()
          + " messages on " + name + " (" + failed + "); they will be delivered again: "
          + firstCause.getMessage(), firstCause);
    }
  }

  @Override
  public void reject(Envelope envelope, boolean requeue, String reason) {
    Held h = take(envelope);
    if (h == null) {
      return;
    }
    int attempt = h.delivered.deliveryAttempt();
    if (!requeue || attempt >= config.maxDeliveryAttempts()) {
      deadLetter(h, reason);
    } else {
      requeue(h, config.retryPolicy().delayAfter(attempt).toNanos());
    }
  }

  @Override
  public void reject(Envelope envelope, Duration delay, String reason) {
    Objects.requireNonNull(envelope, "envelope");
    long delayNanos = RetryPolicy.requeueDelayNanos(delay);
    Held h = take(envelope);
    if (h == null) {
      return;
    }
    if (h.delivered.deliveryAttempt() >= config.maxDeliveryAttempts()) {
      deadLetter(h, reason);
    } else {
      requeue(h, delayNanos);
    }
  }

  private void delete(Held h, String what) {
    try {
      Calls.await(deletes.delete(h.receiptHandle));
    } catch (Calls.SdkFailure f) {
      throw new MessagingException("could not " + what + " " + h.delivered + " on " + name
          + "; it will be delivered again: " + f.getMessage(), f.getCause());
    }
  }

  /** Makes a message visible again after {@code delayNanos}, rounded up to whole seconds. */
  private void requeue(Held h, long delayNanos) {
    long seconds = delayNanos / 1_000_000_000L + (delayNanos % 1_000_000_000L == 0 ? 0 : 1);
    // SQS keeps a message invisible for at most 12 hours from its receipt
    long left = (SqsConfig.SQS_MAX_VISIBILITY.toNanos() - (System.nanoTime() - h.receivedNanos)) / 1_000_000_000L - 1;
    int timeout = (int) Math.max(0, Math.min(seconds, left));
    try {
      Calls.await(client.changeMessageVisibility(r -> r.queueUrl(url).receiptHandle(h.receiptHandle)
          .visibilityTimeout(timeout)));
    } catch (Calls.SdkFailure f) {
      throw new MessagingException("could not requeue " + h.delivered + " on " + name
          + "; it will be delivered again after its visibility timeout: " + f.getMessage(), f.getCause());
    }
  }

  /**
   * Writes the dead letter (SPEC 5.5) and deletes the message, or drops it with a WARN line
   * without a dead-letter queue (5.6). A dead letter that cannot be written leaves the message
   * held by this instance, so that it is not lost.
   */
  private void deadLetter(Held h, String reason) {
    Optional<String> target = config.deadLetterQueue(name);
    if (target.isPresent()) {
      Envelope dead = DeadLetters.envelopeFor(h.delivered, name, group, reason);
      try {
        byte[] record = SqsProducer.encode(dead, config.maxMessageSize());
        broker.producer().send(broker.sqsName(target.get()), broker.isFifo(target.get()), dead, record);
      } catch (MessagingException e) {
        h.unsettle();
        held.put(h.tag, h);
        throw new MessagingException("could not dead-letter " + h.delivered + " from " + name + " to "
            + target.get() + "; this queue instance still holds it: " + e.getMessage(), e);
      }
    } else {
      log.warn("dropping {} from queue {} (group {}) after {} delivery attempt(s); no dead-letter queue "
          + "is configured (mq.dead-letter-queue); reason: {}", h.delivered, name, group,
          h.delivered.deliveryAttempt(), reason == null ? "rejected" : reason);
    }
    delete(h, "delete the dead-lettered");
  }

  /** Gives a message back at once: PollingSubscription's giveBack callback. */
  private void giveBack(Envelope e) {
    e.deliveryTag().map(held::remove).filter(Held::settle).ifPresent(h -> giveBack(List.of(h)));
  }

  private void giveBack(List<Held> messages) {
    giveBackReceipts(messages.stream().map(h -> h.receiptHandle).toList());
  }

  /** Makes messages visible at once, ten per call; failures are logged (they come back later). */
  private void giveBackReceipts(List<String> receipts) {
    for (int i = 0; i < receipts.size(); i += SqsConfig.SQS_MAX_BATCH) {
      List<String> chunk = receipts.subList(i, Math.min(receipts.size(), i + SqsConfig.SQS_MAX_BATCH));
      List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
      for (int k = 0; k < chunk.size(); k++) {
        entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(k))
            .receiptHandle(chunk.get(k)).visibilityTimeout(0).build());
      }
      try {
        var r = Calls.await(client.changeMessageVisibilityBatch(b -> b.queueUrl(url).entries(entries)));
        if (!r.failed().isEmpty()) {
          log.warn("could not give back {} message(s) of {}; they come back after the visibility timeout: {}",
              r.failed().size(), name, r.failed().get(0));
        }
      } catch (Calls.SdkFailure f) {
        log.warn("could not give back {} message(s) of {}; they come back after the visibility timeout",
            chunk.size(), name, f.getCause());
      }
    }
  }

  /**
   * Extends the visibility of held messages due within half a timeout, one call each under the
   * message's monitor; a message held longer than {@code max-hold-time} is left to expire.
   */
  /** Messages this instance holds unsettled now. */
  int heldCount() {
    return held.size();
  }

  String queueName() {
    return name;
  }

  void extendDue(long now) {
    if (closed) {
      return;
    }
    long timeout = config.visibilityTimeout().toNanos();
    for (Held h : held.values()) {
      if (h.givenUp() || h.visibleUntilNanos() - now > timeout / 2) {
        continue;
      }
      if (now - h.receivedNanos + timeout > config.maxHoldTime().toNanos()) {
        h.giveUp();
        visibility.holdLimitReached.increment();
        log.warn("{} on {} has been held unacknowledged for {} s; no longer extending its visibility "
            + "(mq.sqs.{}={}), so it may be delivered again", h.delivered, name,
            (now - h.receivedNanos) / 1_000_000_000L, SqsConfig.MAX_HOLD_TIME, config.maxHoldTime());
        continue;
      }
      synchronized (h) {
        if (h.isSettled()) {
          continue;
        }
        try {
          Calls.await(client.changeMessageVisibility(r -> r.queueUrl(url).receiptHandle(h.receiptHandle)
              .visibilityTimeout((int) config.visibilityTimeout().getSeconds())));
          h.extended(System.nanoTime() + timeout);
          visibility.extended.increment();
        } catch (Calls.SdkFailure f) {
          visibility.failed.increment();
          log.warn("could not extend the visibility of {} on {}: {}", h.delivered, name, f.getMessage());
          if (Calls.errorCode(f.getCause()).contains("ReceiptHandleIsInvalid")
              || Calls.errorCode(f.getCause()).contains("MessageNotInflight")) {
            h.giveUp();
          }
        }
      }
    }
  }

  // ---------------------------------------------------------------- subscribe and close

  @Override
  public Subscription subscribe(MessageHandler handler, SubscriptionOptions options) {
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(options, "options");
    ensureOpen();
    PollingSubscription s = new PollingSubscription(this, handler, options, this::giveBack);
    subscriptions.add(s);
    if (closing.get()) {
      s.close();
      throw closedException();
    }
    return s;
  }

  /**
   * Writes (or fails) the pending {@code pushAsync} envelopes, closes the subscriptions (their
   * running handlers may still settle), then refuses every call and makes every message it holds
   * visible again at once.
   */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    try {
      pusher.close(config.requestTimeout().multipliedBy(config.requestAttempts()));
      for (Subscription s : subscriptions) {
        try {
          s.close();
        } catch (RuntimeException e) {
          log.warn("could not close a subscription of {}", name, e);
        }
      }
    } finally {
      closed = true;
      List<Held> left = new ArrayList<>();
      for (String tag : List.copyOf(held.keySet())) {
        Held h = held.remove(tag);
        if (h != null && h.settle()) {
          left.add(h);
        }
      }
      giveBack(left);
      broker.forget(this);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw closedException();
    }
  }

  private IllegalStateException closedException() {
    return new IllegalStateException("queue instance of " + name + " is closed");
  }

  @Override
  public String toString() {
    return "SqsQueue[" + name + " (SQS " + sqsName + "), group=" + group + "]";
  }
}
