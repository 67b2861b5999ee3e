package dev.mq.spi;

import dev.mq.Envelope;
import dev.mq.MessageHandler;
import dev.mq.MessageQueue;
import dev.mq.Subscription;
import dev.mq.SubscriptionOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Subscription} that any provider can offer on top of its own {@code dequeue}: a fixed
 * number of worker threads each take a message, call the handler, then acknowledge or reject.
 * Because the queue itself holds back later messages of a key while one is in flight, per-key
 * order holds at any concurrency.
 *
 * <p><b>Batches.</b> Built with an {@code unhandled} callback, the subscription fetches up to
 * {@link #BATCH_SIZE} messages per {@code dequeue(int, Duration)} call. One worker at a time
 * fetches; it keeps the first message and puts the others in a buffer shared by all workers,
 * then wakes the workers waiting for it; a worker takes from the buffer before it fetches. So
 * one batch never waits behind one busy handler while other workers idle, and each worker still
 * runs one handler at a time: at most {@code concurrency} handlers run at once. A batch holds at
 * most one message of a key (the queue holds the next one back until the first is settled), so
 * any worker may handle any buffered message. Each message is settled on its own, after its own
 * handler. Without the callback the batch size is 1 and every worker polls on its own.
 *
 * <p>When the queue also implements {@link AcknowledgeAndDequeue}, a worker acknowledges the
 * messages its handlers finished together with its next fetch, in one call (at most
 * {@link #BATCH_SIZE} wait so; a worker that will not fetch soon, or stops, acknowledges them
 * one by one first). Rejections are made at once.
 *
 * <p>On close, workers waiting for messages are interrupted (never those running a handler),
 * and close waits at most the close timeout for running handlers. Messages fetched but not yet
 * handed to a handler go to the {@code unhandled} callback, so that the queue delivers them
 * again without counting the delivery. A handler still running after the close timeout keeps its
 * thread, and its message goes to the {@code release} callback.
 */
public final class PollingSubscription implements Subscription {

  /**
   * Most messages one fetch takes. 16 makes the per-fetch costs (a lock acquisition, waking a
   * worker) a sixteenth of what they are per message, where most of the gain already is, while
   * a closing subscription has few messages to give back and a fetch holds the queue's lock
   * briefly; messages of other consumers are held back by at most 16 per fetch.
   */
  public static final int BATCH_SIZE = 16;

  private static final Logger log = LoggerFactory.getLogger(PollingSubscription.class);
  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  private static final Duration MAX_ERROR_BACKOFF = Duration.ofSeconds(5);

  private final MessageQueue queue;
  /** The queue itself when it can acknowledge and dequeue in one call, else null. */
  private final AcknowledgeAndDequeue combined;
  private final MessageHandler handler;
  private final SubscriptionOptions options;
  private final Consumer<Envelope> release;
  private final Consumer<Envelope> unhandled;
  private final int batchSize;
  private final AtomicBoolean active = new AtomicBoolean(true);
  private final List<Worker> workers = new ArrayList<>();
  private final CountDownLatch finished;
  /** Fetched messages not yet taken by a worker; at most one of each key. */
  private final ConcurrentLinkedQueue<Envelope> buffer = new ConcurrentLinkedQueue<>();
  /** Whether a worker is fetching a batch; the others wait for it (batch size above 1 only). */
  private final AtomicBoolean fetching = new AtomicBoolean();
  private final ReentrantLock fetchLock = new ReentrantLock();
  private final Condition fetchDone = fetchLock.newCondition();
  /** Workers inside {@link Worker#awaitFetch}; a fetch wakes them only when there are some. */
  private final AtomicInteger waitingForFetch = new AtomicInteger();

  /**
   * Starts the workers, fetching one message at a time: for providers whose {@code release}
   * counts a delivery attempt, where a batch given back on close would burn attempts.
   *
   * @param queue the queue to poll, acknowledge and reject on
   * @param handler the application's handler
   * @param options concurrency, poll wait and close timeout
   * @param release called with a delivered message whose handler outlived the close timeout,
   *     or that was dequeued just as the subscription closed; may be a no-op
   */
  public PollingSubscription(
      MessageQueue queue, MessageHandler handler, SubscriptionOptions options, Consumer<Envelope> release) {
    this(queue, handler, options, release, release, 1);
  }

  /**
   * Starts the workers, fetching up to {@link #BATCH_SIZE} messages at a time.
   *
   * @param queue the queue to poll, acknowledge and reject on
   * @param handler the application's handler
   * @param options concurrency, poll wait and close timeout
   * @param release called with a delivered message whose handler outlived the close timeout;
   *     may be a no-op
   * @param unhandled called with each fetched message that no handler saw because the
   *     subscription stopped: the queue should make it deliverable again without counting this
   *     delivery as an attempt
   */
  public PollingSubscription(MessageQueue queue, MessageHandler handler, SubscriptionOptions options,
      Consumer<Envelope> release, Consumer<Envelope> unhandled) {
    this(queue, handler, options, release, unhandled, BATCH_SIZE);
  }

  private PollingSubscription(MessageQueue queue, MessageHandler handler, SubscriptionOptions options,
      Consumer<Envelope> release, Consumer<Envelope> unhandled, int batchSize) {
    this.queue = Objects.requireNonNull(queue, "queue");
    this.combined = queue instanceof AcknowledgeAndDequeue ? (AcknowledgeAndDequeue) queue : null;
    this.handler = Objects.requireNonNull(handler, "handler");
    this.options = Objects.requireNonNull(options, "options");
    this.release = Objects.requireNonNull(release, "release");
    this.unhandled = Objects.requireNonNull(unhandled, "unhandled");
    this.batchSize = batchSize;
    this.finished = new CountDownLatch(options.concurrency());
    int id = SEQUENCE.incrementAndGet();
    for (int i = 0; i < options.concurrency(); i++) {
      Worker w = new Worker();
      Thread t = new Thread(w, "mq-subscription-" + id + "-" + queue.name() + "-" + i);
      t.setDaemon(true);
      w.thread = t;
      workers.add(w);
    }
    workers.forEach(w -> w.thread.start());
  }

  @Override
  public boolean isActive() {
    return active.get();
  }

  @Override
  public void close() {
    if (!active.compareAndSet(true, false)) {
      return;
    }
    for (Worker w : workers) {
      w.interruptIfPolling();
    }
    if (workers.stream().anyMatch(w -> w.thread == Thread.currentThread())) {
      return; // closed from inside a handler: the other workers stop on their own
    }
    try {
      if (!finished.await(options.closeTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
        for (Worker w : workers) {
          w.releaseStuck();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      workers.forEach(Worker::releaseStuck);
    }
    // Each worker gives the buffer back as it stops; this catches what a stuck one left.
    giveBackBuffer();
  }

  /** Hands every buffered message to the {@code unhandled} callback. */
  private void giveBackBuffer() {
    Envelope e;
    while ((e = buffer.poll()) != null) {
      try {
        unhandled.accept(e);
      } catch (RuntimeException ex) {
        log.warn("could not give back {} on {}", e, queue.name(), ex);
      }
    }
  }

  /**
   * One polling thread. Its {@link #state} tells {@code close()} what the thread is doing, with one
   * compare-and-set or volatile write per step instead of a monitor: the hot loop changes it a few
   * times per message and never blocks on it.
   */
  private final class Worker implements Runnable {
    /** Between steps: neither waiting for messages nor in the handler. */
    private static final int IDLE = 0;
    /** Fetching, or waiting for another worker's fetch: close may interrupt the thread. */
    private static final int POLLING = 1;
    /** Close is interrupting the poll; the worker waits for it before clearing the interrupt. */
    private static final int INTERRUPTING = 2;
    /** Running the handler on {@link #current}. */
    private static final int HANDLING = 3;
    /** Close gave {@link #current} back to the queue; the worker must not settle it. */
    private static final int RELEASED = 4;

    private final AtomicInteger state = new AtomicInteger(IDLE);
    private Thread thread;
    /**
     * The message being handled. Written by the worker just before it enters HANDLING, and read
     * by close only after moving HANDLING to RELEASED, after which the worker never writes it
     * again; so close always reads the message of that HANDLING state. Never cleared: it holds
     * one message at most.
     */
    private Envelope current;
    /**
     * Messages whose handler returned and that the next fetch acknowledges (only with
     * {@link #combined}); at most {@link #BATCH_SIZE}. Worker-only.
     */
    private final List<Envelope> handled = new ArrayList<>();
    private long backoffMillis;
    /** Set when the queue reported itself closed: the worker stops. */
    private boolean stopped;

    @Override
    public void run() {
      try {
        while (active.get()) {
          Envelope e = buffer.poll();
          if (e == null) {
            // Set before reading active, while close clears active before reading the state: one
            // of the two sees the other, so a wait that starts after close is never left
            // uninterrupted.
            state.set(POLLING);
            if (!active.get()) {
              leavePoll();
              break;
            }
            e = fetch();
            if (e == null) {
              if (stopped) {
                break;
              }
              continue;
            }
          }
          current = e;
          state.set(HANDLING);
          if (!active.get()) {
            if (state.compareAndSet(HANDLING, IDLE)) {
              giveBack(e); // taken just as close began
            }
            break;
          }
          deliver(e);
        }
      } finally {
        state.set(IDLE);
        acknowledgeHandled();
        giveBackBuffer();
        finished.countDown();
      }
    }

    /**
     * In state POLLING: fetches a batch, keeping its first message and buffering the others, or
     * waits while another worker fetches. Returns the message to handle, or null; always leaves
     * POLLING.
     */
    private Envelope fetch() {
      if (batchSize > 1 && !fetching.compareAndSet(false, true)) {
        acknowledgeHandled(); // the next fetch may be another worker's: settle now
        try {
          awaitFetch();
        } finally {
          leavePoll();
        }
        return null;
      }
      List<Envelope> batch = List.of();
      try {
        List<Envelope> toAcknowledge = handled.isEmpty() ? List.of() : List.copyOf(handled);
        handled.clear();
        try {
          batch = !toAcknowledge.isEmpty()
              ? combined.acknowledgeAndDequeue(toAcknowledge, batchSize, options.pollWait())
              : queue.dequeue(batchSize, options.pollWait());
          backoffMillis = 0;
        } catch (IllegalStateException closed) {
          stopped = true; // the queue was closed
          return null;
        } catch (RuntimeException e) {
          if (!active.get()) {
            return null;
          }
          backoffMillis = Math.min(Math.max(backoffMillis * 2, 50), MAX_ERROR_BACKOFF.toMillis());
          log.warn("{} from {} failed; retrying in {} ms",
              toAcknowledge.isEmpty() ? "dequeue" : "acknowledge and dequeue", queue.name(),
              backoffMillis, e);
        }
        // buffered before the fetch role is free, so that a woken worker finds them
        for (int i = 1; i < batch.size(); i++) {
          buffer.add(batch.get(i));
        }
      } finally {
        if (batchSize > 1) {
          fetching.set(false);
          wakeWaiters();
        }
        leavePoll();
      }
      if (batch.isEmpty()) {
        sleepQuietly(backoffMillis);
        return null;
      }
      return batch.get(0);
    }

    /** Waits, at most the poll wait, until the fetching worker is done or the buffer fills. */
    private void awaitFetch() {
      fetchLock.lock();
      waitingForFetch.incrementAndGet();
      try {
        long nanos = options.pollWait().toNanos();
        // Read after counting ourselves, while the fetcher clears the flag before reading the
        // count: either we see the flag cleared, or it sees us and signals under the lock.
        while (fetching.get() && buffer.isEmpty() && active.get() && nanos > 0) {
          nanos = fetchDone.awaitNanos(nanos);
        }
      } catch (InterruptedException e) {
        // close() interrupted us; the loop condition ends the worker
      } finally {
        waitingForFetch.decrementAndGet();
        fetchLock.unlock();
      }
    }

    private void wakeWaiters() {
      if (waitingForFetch.get() > 0) {
        fetchLock.lock();
        try {
          fetchDone.signalAll();
        } finally {
          fetchLock.unlock();
        }
      }
    }

    /** Ends a poll: waits out an interrupt close is delivering, then clears it. */
    private void leavePoll() {
      while (!state.compareAndSet(POLLING, IDLE)) {
        Thread.onSpinWait(); // INTERRUPTING: close is between interrupt() and resetting the state
      }
      Thread.interrupted(); // an interrupt meant for the poll must not reach the handler
    }

    private void deliver(Envelope e) {
      Throwable failure = null;
      try {
        handler.handle(e);
      } catch (Exception | AssertionError | LinkageError t) {
        failure = t;
      }
      if (!state.compareAndSet(HANDLING, IDLE)) {
        return; // RELEASED: close gave it back already; it will be delivered again
      }
      if (failure == null && combined != null) {
        handled.add(e); // acknowledged by the next fetch, or before the worker waits or stops
        if (handled.size() >= BATCH_SIZE) {
          acknowledgeHandled();
        }
        return;
      }
      settle(e, failure);
    }

    /** Acknowledges, one by one, what the handlers finished and no fetch acknowledged yet. */
    private void acknowledgeHandled() {
      for (Envelope e : handled) {
        settle(e, null);
      }
      handled.clear();
    }

    /** Acknowledges (no failure) or rejects with requeue; logs what fails. */
    private void settle(Envelope e, Throwable failure) {
      try {
        if (failure == null) {
          queue.acknowledge(e);
        } else {
          log.debug("handler failed for {} on {}; rejecting with requeue", e, queue.name(), failure);
          queue.reject(e, true, "handler threw " + failure);
        }
      } catch (RuntimeException settle) {
        log.warn("could not {} {} on {}; it will be delivered again",
            failure == null ? "acknowledge" : "reject", e, queue.name(), settle);
      }
    }

    void interruptIfPolling() {
      if (state.compareAndSet(POLLING, INTERRUPTING)) {
        try {
          thread.interrupt();
        } finally {
          state.set(POLLING);
        }
      }
    }

    void releaseStuck() {
      if (state.compareAndSet(HANDLING, RELEASED)) {
        Envelope stuck = current;
        log.warn("handler for {} on {} outlived the close timeout of {}; the message will be delivered again",
            stuck, queue.name(), options.closeTimeout());
        try {
          release.accept(stuck);
        } catch (RuntimeException ex) {
          log.warn("could not release {} on {}", stuck, queue.name(), ex);
        }
      }
    }

    private void giveBack(Envelope e) {
      try {
        unhandled.accept(e);
      } catch (RuntimeException ex) {
        log.warn("could not give back {} on {}", e, queue.name(), ex);
      }
    }

    private void sleepQuietly(long millis) {
      if (millis <= 0) {
        return;
      }
      try {
        Thread.sleep(millis);
      } catch (InterruptedException ie) {
        // close() interrupted us; the loop condition ends the worker
      }
    }
  }
}
