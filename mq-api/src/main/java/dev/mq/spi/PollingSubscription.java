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
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Subscription} that any provider can offer on top of its own {@code dequeue}: a fixed
 * number of worker threads each poll, call the handler, then acknowledge or reject. Because the
 * queue itself holds back later messages of a key while one is in flight, per-key order holds at
 * any concurrency.
 *
 * <p>When the queue also implements {@link AcknowledgeAndDequeue}, a worker acknowledges a handled
 * message together with its next poll, in one call; the acknowledgement is still made before the
 * worker stops, and before {@code close()} returns unless the close timeout elapses.
 *
 * <p>On close, workers waiting in {@code dequeue} are interrupted (never those running a
 * handler), and close waits at most the close timeout for running handlers. A handler still
 * running after that keeps its thread, and its message is handed to the {@code giveBack} callback
 * so that the queue can deliver it again.
 */
public final class PollingSubscription implements Subscription {

  private static final Logger log = LoggerFactory.getLogger(PollingSubscription.class);
  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  /**
   * Waits after a failed poll: from 50 ms, doubling to 5 s, with jitter so that many workers (of
   * many processes) failing on one broker do not poll again in lock step.
   */
  private static final Backoff ERROR_BACKOFF = new Backoff(Duration.ofMillis(50), Duration.ofSeconds(5));

  private final MessageQueue queue;
  /** The queue itself when it can acknowledge and dequeue in one call, else null. */
  private final AcknowledgeAndDequeue combined;
  private final MessageHandler handler;
  private final SubscriptionOptions options;
  private final Consumer<Envelope> giveBack;
  private final AtomicBoolean active = new AtomicBoolean(true);
  private final List<Worker> workers = new ArrayList<>();
  private final CountDownLatch finished;

  /**
   * Starts the workers.
   *
   * @param queue the queue to poll, acknowledge and reject on
   * @param handler the application's handler
   * @param options concurrency, poll wait and close timeout
   * @param giveBack called with a delivered message whose handler outlived the close timeout,
   *     or that was dequeued just as the subscription closed; may be a no-op
   */
  public PollingSubscription(
      MessageQueue queue, MessageHandler handler, SubscriptionOptions options, Consumer<Envelope> giveBack) {
    this.queue = Objects.requireNonNull(queue, "queue");
    this.combined = queue instanceof AcknowledgeAndDequeue ? (AcknowledgeAndDequeue) queue : null;
    this.handler = Objects.requireNonNull(handler, "handler");
    this.options = Objects.requireNonNull(options, "options");
    this.giveBack = Objects.requireNonNull(giveBack, "giveBack");
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
          w.giveBackStuck();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      workers.forEach(Worker::giveBackStuck);
    }
  }

  /**
   * One polling thread. Its {@link #state} tells {@code close()} what the thread is doing, with one
   * compare-and-set or volatile write per step instead of a monitor: the hot loop changes it four
   * times per message and never blocks on it.
   */
  private final class Worker implements Runnable {
    /** Between steps: neither in {@code dequeue} nor in the handler. */
    private static final int IDLE = 0;
    /** In {@code dequeue}: close may interrupt the thread. */
    private static final int POLLING = 1;
    /** Close is interrupting the poll; the worker waits for it before clearing the interrupt. */
    private static final int INTERRUPTING = 2;
    /** Running the handler on {@link #current}. */
    private static final int HANDLING = 3;
    /** Close gave {@link #current} back to the queue; the worker must not settle it. */
    private static final int GIVEN_BACK = 4;

    private final AtomicInteger state = new AtomicInteger(IDLE);
    private Thread thread;
    /**
     * The message being handled. Written by the worker just before it enters HANDLING, and read
     * by close only after moving HANDLING to GIVEN_BACK, after which the worker never writes it
     * again; so close always reads the message of that HANDLING state. Never cleared: it holds
     * one message at most.
     */
    private Envelope current;
    /**
     * A message whose handler returned and that the next poll acknowledges (only with
     * {@link #combined}); the worker acknowledges it on its own before it stops. Worker-only.
     */
    private Envelope handled;

    @Override
    public void run() {
      int failures = 0;
      try {
        while (active.get()) {
          Optional<Envelope> next;
          // Set before reading active, while close clears active before reading the state: one of
          // the two sees the other, so a poll that starts after close is never left uninterrupted.
          state.set(POLLING);
          if (!active.get()) {
            leavePoll();
            break;
          }
          Envelope toAcknowledge = handled;
          handled = null;
          try {
            next = toAcknowledge != null
                ? combined.acknowledgeAndDequeue(toAcknowledge, options.pollWait())
                : queue.dequeue(options.pollWait());
            failures = 0;
          } catch (IllegalStateException closed) {
            break; // the queue was closed
          } catch (RuntimeException e) {
            if (!active.get()) {
              break;
            }
            failures = Math.min(failures + 1, 30);
            long backoffMillis = TimeUnit.NANOSECONDS.toMillis(ERROR_BACKOFF.delayNanos(failures));
            log.warn("{} from {} failed; retrying in {} ms",
                toAcknowledge != null ? "acknowledge and dequeue" : "dequeue", queue.name(),
                backoffMillis, e);
            sleepQuietly(backoffMillis);
            continue;
          } finally {
            leavePoll();
          }
          if (next.isEmpty()) {
            continue;
          }
          Envelope e = next.get();
          current = e;
          state.set(HANDLING);
          if (!active.get()) {
            if (state.compareAndSet(HANDLING, IDLE)) {
              giveBackQuietly(e); // dequeued just as close began
            }
            break;
          }
          deliver(e);
        }
      } finally {
        state.set(IDLE);
        if (handled != null) {
          settle(handled, null);
        }
        finished.countDown();
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
        return; // GIVEN_BACK: close gave it back already; it will be delivered again
      }
      if (failure == null && combined != null) {
        handled = e; // acknowledged by the next poll, or before the worker stops
        return;
      }
      settle(e, failure);
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

    void giveBackStuck() {
      if (state.compareAndSet(HANDLING, GIVEN_BACK)) {
        Envelope stuck = current;
        log.warn("handler for {} on {} outlived the close timeout of {}; the message will be delivered again",
            stuck, queue.name(), options.closeTimeout());
        giveBackQuietly(stuck);
      }
    }

    private void giveBackQuietly(Envelope e) {
      try {
        giveBack.accept(e);
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
