package dev.mq.tck.broken;

import dev.mq.Envelope;
import dev.mq.MessageQueue;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A forwarding queue that remembers what it delivered and was not settled, for kits whose
 * breakage is to acknowledge those messages behind the application's back.
 */
class TracksUnsettledQueue extends ForwardingQueue {
  private final Set<Envelope> open = ConcurrentHashMap.newKeySet();

  TracksUnsettledQueue(MessageQueue delegate) {
    super(delegate);
  }

  @Override
  public Optional<Envelope> dequeue() {
    return delegate.dequeue().map(this::remember);
  }

  @Override
  public Optional<Envelope> dequeue(Duration maxWait) {
    return delegate.dequeue(maxWait).map(this::remember);
  }

  @Override
  public void acknowledge(Envelope e) {
    delegate.acknowledge(e);
    open.remove(e);
  }

  @Override
  public void reject(Envelope e, boolean requeue, String reason) {
    delegate.reject(e, requeue, reason);
    open.remove(e);
  }

  /** The breakage: acknowledges every message delivered here and not settled. */
  void acknowledgeUnsettled() {
    for (Envelope e : open) {
      try {
        delegate.acknowledge(e);
      } catch (RuntimeException ignored) {
        // already settled or closed
      }
    }
  }

  private Envelope remember(Envelope e) {
    open.add(e);
    return e;
  }
}
