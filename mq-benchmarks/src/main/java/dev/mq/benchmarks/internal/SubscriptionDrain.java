package dev.mq.benchmarks.internal;

import dev.mq.Envelope;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One subscription draining a pre-filled queue: {@link #fill()} puts a batch in (untimed), and
 * {@link #drain()} subscribes, waits until the handler has seen every message of the batch, and
 * closes the subscription, so the timed part is the subscription's own delivery loop plus one
 * start and one close.
 */
public final class SubscriptionDrain {

  /** The poll wait given to the subscription; the queue is full, so it never elapses mid-batch. */
  static final Duration POLL_WAIT = Duration.ofMillis(100);

  private final Transport transport;
  private final int concurrency;
  private final MessageFactory messages;
  private final int batchSize;
  private final Duration batchTimeout;
  private final AtomicInteger remaining = new AtomicInteger();
  private volatile CountDownLatch done = new CountDownLatch(0);

  /**
   * @param transport the queue to fill and drain
   * @param concurrency handlers the subscription runs at once
   * @param keyCount partition keys to cycle through (0 for none)
   * @param batchSize messages per fill
   * @param batchTimeout longest wait for one drain before it counts as failed
   */
  public SubscriptionDrain(Transport transport, int concurrency, int keyCount, int batchSize,
      Duration batchTimeout) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
    }
    this.transport = transport;
    this.concurrency = concurrency;
    this.messages = new MessageFactory("s-", keyCount);
    this.batchSize = batchSize;
    this.batchTimeout = batchTimeout;
  }

  /** Sends one batch of messages. */
  public void fill() {
    for (int i = 0; i < batchSize; i++) {
      transport.send(messages.next());
    }
  }

  /**
   * Subscribes, waits until the batch has been handled, and closes the subscription (which
   * settles the last messages before it returns).
   *
   * @throws IllegalStateException if the batch was not handled within the batch timeout
   */
  public void drain() throws Exception {
    CountDownLatch latch = new CountDownLatch(1);
    remaining.set(batchSize);
    done = latch;
    AutoCloseable subscription = transport.subscribe(concurrency, POLL_WAIT, this::handle);
    try {
      if (!latch.await(batchTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new IllegalStateException("a subscription did not handle " + batchSize
            + " messages within " + batchTimeout + "; " + remaining.get() + " were left");
      }
    } finally {
      subscription.close();
    }
  }

  private void handle(Envelope e) {
    MessageFactory.check(e);
    if (remaining.decrementAndGet() == 0) {
      done.countDown();
    }
  }
}
