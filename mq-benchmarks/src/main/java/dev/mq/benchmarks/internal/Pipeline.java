package dev.mq.benchmarks.internal;

import dev.mq.Envelope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Producer and consumer threads around one {@link Transport}, driven one batch at a time.
 *
 * <p>{@link #runBatch()} lets the producers send {@code batchSize} messages between them and
 * returns when the consumers have received and settled all of them, so a batch's duration is the
 * end-to-end time of that many messages. Working in batches keeps at most one batch in the queue,
 * whatever the relative speed of producers and consumers: a free-running producer would otherwise
 * fill the heap and the benchmark would measure the garbage collector.
 */
public final class Pipeline implements AutoCloseable {

  /** How long a consumer waits in one receive before it looks at the stop flag again. */
  static final Duration POLL_WAIT = Duration.ofMillis(100);
  /** Longest time {@link #close()} waits for each thread to stop. */
  static final Duration JOIN_TIMEOUT = Duration.ofSeconds(10);

  private final Transport transport;
  private final int batchSize;
  private final Duration batchTimeout;
  private final List<Thread> threads = new ArrayList<>();
  private final List<Semaphore> producerStarts = new ArrayList<>();
  private final AtomicInteger remaining = new AtomicInteger();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private volatile CountDownLatch batchDone = new CountDownLatch(0);
  private volatile boolean running = true;

  /**
   * Starts the threads; they idle until the first batch.
   *
   * @param transport the queue to drive
   * @param producers producing threads, at least 1
   * @param consumers consuming threads, at least 1
   * @param keyCount partition keys per producer (0 for none)
   * @param batchSize messages per batch; a multiple of {@code producers}
   * @param batchTimeout longest wait for one batch before it counts as failed
   */
  public Pipeline(Transport transport, int producers, int consumers, int keyCount, int batchSize,
      Duration batchTimeout) {
    if (producers < 1 || consumers < 1) {
      throw new IllegalArgumentException(
          "need at least one producer and one consumer: " + producers + "/" + consumers);
    }
    if (batchSize < 1 || batchSize % producers != 0) {
      throw new IllegalArgumentException(
          "batchSize must be a positive multiple of producers (" + producers + "): " + batchSize);
    }
    this.transport = transport;
    this.batchSize = batchSize;
    this.batchTimeout = batchTimeout;
    int share = batchSize / producers;
    for (int i = 0; i < producers; i++) {
      Semaphore start = new Semaphore(0);
      producerStarts.add(start);
      MessageFactory messages = new MessageFactory("p" + i + "-", keyCount);
      threads.add(new Thread(() -> produce(start, messages, share), "pipeline-producer-" + i));
    }
    for (int i = 0; i < consumers; i++) {
      threads.add(new Thread(this::consume, "pipeline-consumer-" + i));
    }
    threads.forEach(t -> {
      t.setDaemon(true);
      t.start();
    });
  }

  /**
   * Sends one batch through and waits until every message of it is settled.
   *
   * @throws IllegalStateException if a producer or consumer failed, or the batch did not finish
   *     within the batch timeout
   */
  public void runBatch() throws InterruptedException {
    throwIfFailed();
    CountDownLatch done = new CountDownLatch(1);
    remaining.set(batchSize);
    batchDone = done;
    producerStarts.forEach(Semaphore::release);
    if (!done.await(batchTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
      throwIfFailed();
      throw new IllegalStateException("a batch of " + batchSize + " messages did not finish within "
          + batchTimeout + "; " + remaining.get() + " were not settled");
    }
    throwIfFailed();
  }

  private void produce(Semaphore start, MessageFactory messages, int share) {
    try {
      while (running) {
        start.acquire();
        for (int i = 0; i < share && running; i++) {
          transport.send(messages.next());
        }
      }
    } catch (InterruptedException e) {
      // close() stops us
    } catch (RuntimeException | Error e) {
      fail(e);
    }
  }

  private void consume() {
    try {
      while (running) {
        Envelope e = transport.receive(POLL_WAIT);
        if (e == null) {
          continue;
        }
        MessageFactory.check(e);
        transport.settle(e);
        if (remaining.decrementAndGet() == 0) {
          batchDone.countDown();
        }
      }
    } catch (RuntimeException | Error e) {
      if (running) {
        fail(e);
      }
    }
  }

  private void fail(Throwable t) {
    failure.compareAndSet(null, t);
    batchDone.countDown();
  }

  private void throwIfFailed() {
    Throwable t = failure.get();
    if (t != null) {
      throw new IllegalStateException("a pipeline thread failed: " + t, t);
    }
  }

  /**
   * Stops and joins the threads; the transport stays open.
   *
   * @throws IllegalStateException if a thread did not stop within {@link #JOIN_TIMEOUT}
   */
  @Override
  public void close() {
    running = false;
    threads.forEach(Thread::interrupt);
    Threads.joinAll(threads, JOIN_TIMEOUT);
  }
}
