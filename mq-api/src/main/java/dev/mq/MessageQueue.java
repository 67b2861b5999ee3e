package dev.mq;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A named queue as seen by one consumer group: the five-method contract.
 *
 * <p>The rules every implementation honours are numbered in {@code SPEC.md}; the TCK tests each
 * one. In short: push is durable when it returns; delivery is at least once; a delivered message
 * is held by this queue instance until it is acknowledged or rejected; messages of one partition
 * key are delivered in push order, one at a time; a message rejected too often goes to the
 * dead-letter queue. Instances are thread-safe.
 */
public interface MessageQueue extends AutoCloseable {

  /** {@return the queue's name} */
  String name();

  /** {@return the consumer group this instance consumes for} */
  String consumerGroup();

  /**
   * Writes one message. When this returns, the broker has accepted it as durably as it can.
   *
   * @param envelope the message to write
   * @throws NullPointerException if {@code envelope} is null
   * @throws MessageTooLargeException if the message exceeds the provider's limit; nothing written
   * @throws PushOutcomeUnknownException if it may have been written all the same (an attempt's
   *     outcome was lost); pushing it again may deliver it twice
   * @throws MessagingException if the broker did not accept it
   */
  void push(Envelope envelope);

  /**
   * Writes several messages, in order per partition key, in as few broker calls as the limits
   * allow.
   *
   * @param envelopes the messages to write, in order
   * @throws BatchPushException naming exactly the envelopes not confirmed written, each either
   *     not written or maybe written; the others were written
   * @throws NullPointerException if the list or an element is null; nothing written
   * @throws MessageTooLargeException if one message exceeds the limit; nothing written
   */
  void pushAll(List<Envelope> envelopes);

  /**
   * Writes one message without waiting for the broker: the future completes when {@link #push}
   * would have returned (the broker accepted the message as durably as it can), or fails with
   * the exception {@code push} would have thrown ({@link MessagingException},
   * {@link PushOutcomeUnknownException}, {@link QueueFullException}). Two calls with one partition
   * key from one thread are written in call order. Callbacks on the future run on a thread of
   * the provider's; they should not block.
   *
   * <p>The default pushes on the calling thread and returns a completed future: correct, not
   * faster. Providers that can keep several writes in flight override it.
   *
   * @param envelope the message to write
   * @return a future that completes when the broker has accepted the message
   * @throws NullPointerException if {@code envelope} is null; nothing written
   * @throws MessageTooLargeException if the message exceeds the provider's limit; nothing written
   * @throws IllegalStateException if this queue instance is closed
   */
  default CompletableFuture<Void> pushAsync(Envelope envelope) {
    Objects.requireNonNull(envelope, "envelope");
    try {
      push(envelope);
      return CompletableFuture.completedFuture(null);
    } catch (MessageTooLargeException | IllegalStateException | IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * {@return the next available message, or empty at once when none is available} Never blocks
   * long.
   */
  Optional<Envelope> dequeue();

  /**
   * {@return the next available message, waiting at most {@code maxWait} for one}
   *
   * @param maxWait the longest wait; zero does not wait
   * @throws IllegalArgumentException if {@code maxWait} is negative
   */
  Optional<Envelope> dequeue(Duration maxWait);

  /**
   * {@return up to {@code maxMessages} available messages, waiting at most {@code maxWait} for
   * the first; empty when none came} Each message is settled on its own, as if dequeued alone.
   *
   * <p>The default waits for one message with {@link #dequeue(Duration)}, then takes what is
   * available at once with {@link #dequeue()}. Providers that fetch in batches override it.
   *
   * @param maxMessages the most messages to return, at least 1
   * @param maxWait the longest wait for the first message; zero does not wait
   * @throws IllegalArgumentException if {@code maxMessages} is below 1 or {@code maxWait} is
   *     negative
   */
  default List<Envelope> dequeue(int maxMessages, Duration maxWait) {
    Objects.requireNonNull(maxWait, "maxWait");
    if (maxMessages < 1) {
      throw new IllegalArgumentException("maxMessages must be at least 1: " + maxMessages);
    }
    if (maxWait.isNegative()) {
      throw new IllegalArgumentException("maxWait must not be negative: " + maxWait);
    }
    Optional<Envelope> first = dequeue(maxWait);
    if (first.isEmpty()) {
      return List.of();
    }
    List<Envelope> out = new ArrayList<>(Math.min(maxMessages, 64));
    out.add(first.get());
    while (out.size() < maxMessages) {
      Optional<Envelope> next = dequeue();
      if (next.isEmpty()) {
        break;
      }
      out.add(next.get());
    }
    return out;
  }

  /**
   * Marks a delivered message as done; it is never delivered again to this queue and group.
   * Acknowledging twice is harmless.
   *
   * @param envelope a message this queue instance delivered
   * @throws IllegalArgumentException if this queue instance did not deliver the envelope
   */
  void acknowledge(Envelope envelope);

  /**
   * Acknowledges each of {@code envelopes} as {@link #acknowledge} would (SPEC 4.6), in one call
   * so that a provider can settle them together: SQS deletes up to ten with one request, where
   * ten {@code acknowledge} calls make ten. The usual partner of {@link #dequeue(int, Duration)}.
   * An empty list does nothing; an envelope twice in the list, or settled already, is harmless.
   *
   * <p>When this throws, each envelope is either acknowledged or still held, and acknowledging
   * the list again is harmless (4.2). The default acknowledges them one by one, in list order.
   *
   * @param envelopes messages this queue instance delivered
   * @throws IllegalArgumentException if this queue instance did not deliver one of the envelopes;
   *     those before it in the list may have been acknowledged
   * @throws NullPointerException if the list or one of its elements is null
   */
  default void acknowledgeAll(List<Envelope> envelopes) {
    Objects.requireNonNull(envelopes, "envelopes");
    for (Envelope e : envelopes) {
      acknowledge(Objects.requireNonNull(e, "envelope in the list"));
    }
  }

  /**
   * Same as {@code reject(envelope, true, null)}: requeued after the retry policy's wait.
   *
   * @param envelope a message this queue instance delivered
   */
  default void reject(Envelope envelope) {
    reject(envelope, true, null);
  }

  /**
   * Gives a delivered message back. With {@code requeue} it is delivered again with its attempt
   * raised by one, after the wait of the retry policy ({@code mq.retry.*}) for the rejected
   * attempt, unless it has reached the attempt limit; without requeue, or at the limit, it goes
   * to the dead-letter queue (or is dropped with a WARN log line when none is configured),
   * carrying {@code reason}.
   *
   * @param envelope a message this queue instance delivered
   * @param requeue whether to deliver it again (below the attempt limit)
   * @param reason why, for the dead letter; may be null
   * @throws IllegalArgumentException if this queue instance did not deliver the envelope
   */
  void reject(Envelope envelope, boolean requeue, String reason);

  /**
   * Gives a delivered message back to be delivered again, with its attempt raised by one, no
   * earlier than {@code delay} from now (instead of the retry policy's wait; zero: at once).
   * Later messages of its partition key wait behind it. At the attempt limit it goes to the
   * dead-letter queue at once, carrying {@code reason}, as {@link #reject(Envelope, boolean,
   * String)} does.
   *
   * @param envelope a message this queue instance delivered
   * @param delay the least wait before the next delivery; zero or positive
   * @param reason why, for the dead letter at the attempt limit; may be null
   * @throws IllegalArgumentException if this queue instance did not deliver the envelope, or
   *     {@code delay} is negative
   */
  void reject(Envelope envelope, Duration delay, String reason);

  /**
   * Delivers messages to {@code handler} on background threads with the default options.
   *
   * @param handler handles each delivered message
   * @return the running subscription; close it to stop
   */
  default Subscription subscribe(MessageHandler handler) {
    return subscribe(handler, SubscriptionOptions.defaults());
  }

  /**
   * Delivers messages to {@code handler} on background threads until the subscription is closed.
   * A handler that returns acknowledges; one that throws rejects with requeue.
   *
   * @param handler handles each delivered message
   * @param options concurrency, close timeout and poll wait
   * @return the running subscription; close it to stop
   */
  Subscription subscribe(MessageHandler handler, SubscriptionOptions options);

  /**
   * Stops this instance: its subscriptions stop, and messages it delivered but that were not
   * acknowledged are delivered again later. Idempotent; every other method then throws
   * {@link IllegalStateException}.
   */
  @Override
  void close();
}
