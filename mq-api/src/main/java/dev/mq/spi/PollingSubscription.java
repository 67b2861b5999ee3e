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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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
 * {@link #BATCH_SIZE} messages per {@code dequeue(int, Duration)} call. A worker handles its
 * batch one message at a time, claiming each with one compare-and-set. A worker whose batch ran
 * dry and that finds the queue empty claims the unclaimed messages of another worker's batch
 * before it waits, and a worker that fetched a batch wakes the workers waiting for messages. So
 * a batch never waits behind one busy handler while other workers idle, and each worker still
 * runs one handler at a time: at most {@code concurrency} handlers run at once. Only one worker
 * at a time waits inside the queue, the others wait for it; while other workers run handlers it
 * waits at most 1 ms at a time, so that it soon shares a batch another worker fetched. A batch
 * holds at most one message of a key (the queue holds the next one back until the first is
 * settled), so any worker may handle any message of a batch. Each message is settled on its own,
 * after its own handler. Without the callback the batch size is 1 and every worker polls on its
 * own.
 *
 * <p>When the queue also implements {@link AcknowledgeAndDequeue}, a worker acknowledges the
 * messages its handlers finished together with its next fetch, in one call (at most
 * {@code 2 × BATCH_SIZE} wait so; a worker that will not fetch soon, or stops, acknowledges them
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

  /**
   * Most handled messages a worker keeps for its next fetch to acknowledge: twice a batch, so
   * that a worker that handled a whole batch (or a little more, taken from others) still
   * acknowledges it with the fetch, while the wait stays bounded.
   */
  private static final int MAX_UNACKNOWLEDGED = 2 * BATCH_SIZE;
  /**
   * Longest wait inside the queue while another worker runs a handler: that worker may fetch a
   * batch meanwhile, and this one should then take part of it. At most a thousand extra polls
   * per second, and only while handlers run.
   */
  private static final Duration SHARE_CHECK = Duration.ofMillis(1);

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
  /**
   * The worker waiting inside the queue for messages, or null; the others wait for it (batch
   * size above 1 only).
   */
  private final AtomicReference<Worker> fetcher = new AtomicReference<>();
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
    // Each worker gives its batch back as it stops; this catches what a stuck one holds.
    workers.forEach(Worker::giveBackBatch);
  }

  /** Whether some worker's batch has a message no worker claimed yet. */
  private boolean anyUnclaimed() {
    for (Worker w : workers) {
      if (w.batch.hasUnclaimed()) {
        return true;
      }
    }
    return false;
  }

  /**
   * A fetched batch. Its messages are claimed one by one with a compare-and-set on {@link #next},
   * by the worker that fetched it or by another; each batch has its own counter, so a claim can
   * never land on a later batch of the same worker.
   */
  private static final class Batch {
    static final Batch EMPTY = new Batch(List.of(), 0);

    final List<Envelope> messages;
    final AtomicInteger next;

    Batch(List<Envelope> messages, int claimed) {
      this.messages = messages;
      this.next = new AtomicInteger(claimed);
    }

    /** The next unclaimed message, now claimed by the caller, or null. */
    Envelope claim() {
      int size = messages.size();
      while (true) {
        int i = next.get();
        if (i >= size) {
          return null;
        }
        if (next.compareAndSet(i, i + 1)) {
          return messages.get(i);
        }
      }
    }

    boolean hasUnclaimed() {
      return next.get() < messages.size();
    }

    /** Claims every message left; the caller gives them back. */
    List<Envelope> claimRest() {
      int from = next.getAndSet(Integer.MAX_VALUE);
      return from >= messages.size() ? List.of() : messages.subList(from, messages.size());
    }
  }

  /**
   * One polling thread. Its {@link #state} tells {@code close()} what the thread is doing, with one
   * compare-and-set or volatile write per step instead of a monitor: the hot loop changes it a few
   * times per message and never blocks on it.
   */
  private final class Worker implements Runnable {
    /** The batch this worker fetched last; other workers claim from it too. */
    private volatile Batch batch = Batch.EMPTY;
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
     * {@link #combined}); at most {@link #MAX_UNACKNOWLEDGED}. Worker-only.
     */
    private final List<Envelope> handled = new ArrayList<>();
    private long backoffMillis;
    /** Set when the queue reported itself closed: the worker stops. */
    private boolean stopped;

    @Override
    public void run() {
      try {
        while (active.get()) {
          Envelope e = batch.claim();
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
        giveBackBatch();
        finished.countDown();
      }
    }

    /**
     * In state POLLING: fetches a batch, claiming its first message for itself. Every worker
     * that found no unclaimed message first takes what the queue has without waiting, together
     * with its acknowledgements; only one at a time waits in the queue when that was nothing,
     * and the others wait for it. Returns the message to handle, or null; always leaves POLLING.
     */
    private Envelope fetch() {
      try {
        if (batchSize == 1) {
          return take(options.pollWait());
        }
        Envelope e = take(Duration.ZERO);
        if (e != null || stopped || backoffMillis > 0 || !active.get()) {
          return e;
        }
        // Only now, so that while the queue has messages each worker works through its own
        // batch and no two workers contend for one batch's counter.
        e = claimFromOthers();
        if (e != null) {
          return e;
        }
        if (!fetcher.compareAndSet(null, this)) {
          acknowledgeHandled(); // the next fetch may be another worker's: settle now
          awaitFetch();
          return null;
        }
        try {
          // While another worker runs a handler, it may fetch a batch whose messages this worker
          // should share: look again soon instead of waiting out the whole poll inside the queue.
          Duration wait = options.pollWait();
          if (anotherIsHandling() && wait.compareTo(SHARE_CHECK) > 0) {
            wait = SHARE_CHECK;
          }
          return take(wait);
        } finally {
          fetcher.set(null);
          wakeWaiters();
        }
      } finally {
        leavePoll();
        if (backoffMillis > 0) {
          sleepQuietly(backoffMillis);
        }
      }
    }

    /**
     * One call to the queue: acknowledges what the handlers finished (with {@link #combined})
     * and takes up to a batch, waiting up to {@code wait}. Offers all but the first message to
     * every worker and returns that one; null when none came or the call failed.
     */
    private Envelope take(Duration wait) {
      List<Envelope> toAcknowledge = handled.isEmpty() ? List.of() : List.copyOf(handled);
      handled.clear();
      List<Envelope> batch;
      try {
        batch = !toAcknowledge.isEmpty()
            ? combined.acknowledgeAndDequeue(toAcknowledge, batchSize, wait)
            : queue.dequeue(batchSize, wait);
        backoffMillis = 0;
      } catch (IllegalStateException closed) {
        stopped = true; // the queue was closed
        return null;
      } catch (RuntimeException e) {
        if (active.get()) {
          backoffMillis = Math.min(Math.max(backoffMillis * 2, 50), MAX_ERROR_BACKOFF.toMillis());
          log.warn("{} from {} failed; retrying in {} ms",
              toAcknowledge.isEmpty() ? "dequeue" : "acknowledge and dequeue", queue.name(),
              backoffMillis, e);
        }
        return null;
      }
      if (batch.isEmpty()) {
        return null;
      }
      if (batch.size() > 1) {
        this.batch = new Batch(batch, 1);
        wakeWaiters(); // workers waiting for a fetch can take these
      }
      return batch.get(0);
    }

    private boolean anotherIsHandling() {
      for (int i = 0; i < workers.size(); i++) {
        Worker w = workers.get(i);
        if (w != this && w.state.get() == HANDLING) {
          return true;
        }
      }
      return false;
    }

    /** An unclaimed message of another worker's batch, now claimed, or null. */
    private Envelope claimFromOthers() {
      Envelope e = null;
      for (int i = 0; i < workers.size() && e == null; i++) {
        Worker w = workers.get(i);
        if (w != this) {
          e = w.batch.claim();
        }
      }
      return e;
    }

    /** Gives back what nobody claimed of this worker's batch: no handler saw it. */
    void giveBackBatch() {
      for (Envelope e : batch.claimRest()) {
        giveBack(e);
      }
    }

    /** Waits, at most the poll wait, until the fetching worker is done or a batch came. */
    private void awaitFetch() {
      fetchLock.lock();
      waitingForFetch.incrementAndGet();
      try {
        long nanos = options.pollWait().toNanos();
        // Read after counting ourselves, while the fetcher clears the flag before reading the
        // count: either we see the flag cleared, or it sees us and signals under the lock.
        while (fetcher.get() != null && !anyUnclaimed() && active.get() && nanos > 0) {
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
        if (handled.size() >= MAX_UNACKNOWLEDGED) {
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
