package dev.mq.benchmarks.internal;

import dev.mq.Envelope;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The baseline: a plain unbounded {@link LinkedBlockingQueue} handoff of the same envelopes.
 * {@code send} is {@code offer}, {@code receive} is {@code poll}, and {@code settle} only counts
 * the message: there is no delivery tracking, no redelivery and no ordering by key, which is
 * exactly the work the provider does on top of a handoff.
 */
public final class BaselineTransport implements Transport {

  private final LinkedBlockingQueue<Envelope> queue = new LinkedBlockingQueue<>();
  private final LongAdder settled = new LongAdder();

  @Override
  public void send(Envelope envelope) {
    queue.offer(envelope);
  }

  @Override
  public Envelope receiveNow() {
    return queue.poll();
  }

  @Override
  public Envelope receive(Duration maxWait) {
    try {
      return queue.poll(maxWait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  @Override
  public void settle(Envelope envelope) {
    settled.increment();
  }

  /** How many messages were settled so far. */
  public long settledCount() {
    return settled.sum();
  }

  @Override
  public AutoCloseable subscribe(int concurrency, Duration pollWait, Consumer<Envelope> handler) {
    return new BaselineSubscription(this, concurrency, pollWait, handler);
  }

  @Override
  public void close() {
    queue.clear();
  }
}
