package dev.mq.benchmarks.internal;

import dev.mq.Envelope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The baseline's subscription: {@code concurrency} threads that each poll the transport, call the
 * handler and settle the message, the same loop a polling subscription runs on a real queue.
 * A handler that throws is skipped over; the baseline has no redelivery.
 */
final class BaselineSubscription implements AutoCloseable {

  /** Longest time {@link #close()} waits for each worker to stop. */
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final List<Thread> workers = new ArrayList<>();
  private volatile boolean active = true;

  BaselineSubscription(Transport transport, int concurrency, Duration pollWait, Consumer<Envelope> handler) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1: " + concurrency);
    }
    for (int i = 0; i < concurrency; i++) {
      Thread t = new Thread(() -> {
        while (active) {
          Envelope e = transport.receive(pollWait);
          if (e == null) {
            continue;
          }
          try {
            handler.accept(e);
          } catch (RuntimeException ignored) {
            // a plain handoff has nowhere to put a failed message back
          }
          transport.settle(e);
        }
      }, "baseline-subscription-" + i);
      t.setDaemon(true);
      workers.add(t);
    }
    workers.forEach(Thread::start);
  }

  @Override
  public void close() {
    active = false;
    workers.forEach(Thread::interrupt);
    Threads.joinAll(workers, CLOSE_TIMEOUT);
  }
}
