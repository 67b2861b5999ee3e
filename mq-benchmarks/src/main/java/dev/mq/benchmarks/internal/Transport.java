package dev.mq.benchmarks.internal;

import dev.mq.Envelope;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The handful of queue operations the benchmarks time. The in-memory provider and the
 * {@code LinkedBlockingQueue} baseline each implement it, so every benchmark runs the same harness
 * code against both and only the queue underneath differs.
 */
public interface Transport extends AutoCloseable {

  /** Hands one message to the queue. */
  void send(Envelope envelope);

  /** The next message, or null at once when none is waiting. */
  Envelope receiveNow();

  /** The next message, waiting at most {@code maxWait}; null when none came. */
  Envelope receive(Duration maxWait);

  /** Marks a received message as done. */
  void settle(Envelope envelope);

  /**
   * Starts {@code concurrency} background consumers that call {@code handler} for each message
   * and then settle it, until the returned handle is closed.
   */
  AutoCloseable subscribe(int concurrency, Duration pollWait, Consumer<Envelope> handler);

  /** Releases the queue and its threads. */
  @Override
  void close();
}
