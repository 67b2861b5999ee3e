package dev.mq.benchmarks.internal;

import dev.mq.Broker;
import dev.mq.ConfigKeys;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.MessageQueues;
import dev.mq.SubscriptionOptions;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The in-memory provider behind {@link Transport}: push, dequeue and acknowledge on one queue
 * instance of a fresh, uniquely named queue, with the provider's default configuration (so
 * acknowledgement tracking, and ordering by key when messages carry keys, are on).
 */
public final class InMemoryTransport implements Transport {

  /** The provider's name as selected with {@code mq.provider}. */
  public static final String PROVIDER = "inmemory";

  private final Broker broker;
  private final MessageQueue queue;

  /** Connects to the in-memory provider and opens a new queue. */
  public InMemoryTransport() {
    this.broker = MessageQueues.connect(Map.of(ConfigKeys.PROVIDER, PROVIDER));
    this.queue = broker.queue("bench-" + UUID.randomUUID());
  }

  @Override
  public void send(Envelope envelope) {
    queue.push(envelope);
  }

  @Override
  public Envelope receiveNow() {
    return queue.dequeue().orElse(null);
  }

  @Override
  public Envelope receive(Duration maxWait) {
    return queue.dequeue(maxWait).orElse(null);
  }

  @Override
  public void settle(Envelope envelope) {
    queue.acknowledge(envelope);
  }

  @Override
  public AutoCloseable subscribe(int concurrency, Duration pollWait, Consumer<Envelope> handler) {
    SubscriptionOptions options = SubscriptionOptions.builder()
        .concurrency(concurrency)
        .pollWait(pollWait)
        .build();
    // The subscription acknowledges by itself when the handler returns.
    return queue.subscribe(handler::accept, options);
  }

  @Override
  public void close() {
    try {
      queue.close();
    } finally {
      broker.close();
    }
  }
}
