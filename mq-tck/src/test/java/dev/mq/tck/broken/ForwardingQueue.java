package dev.mq.tck.broken;

import dev.mq.Envelope;
import dev.mq.MessageHandler;
import dev.mq.MessageQueue;
import dev.mq.Subscription;
import dev.mq.SubscriptionOptions;
import dev.mq.spi.PollingSubscription;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A queue that forwards every call to a healthy queue; a broken provider overrides the call it
 * breaks. Subscriptions poll this queue, so a broken dequeue, acknowledge or reject shows in them.
 */
class ForwardingQueue implements MessageQueue {

  protected final MessageQueue delegate;
  private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  ForwardingQueue(MessageQueue delegate) {
    this.delegate = delegate;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public String consumerGroup() {
    return delegate.consumerGroup();
  }

  @Override
  public void push(Envelope envelope) {
    delegate.push(envelope);
  }

  @Override
  public void pushAll(List<Envelope> envelopes) {
    delegate.pushAll(envelopes);
  }

  @Override
  public Optional<Envelope> dequeue() {
    return delegate.dequeue();
  }

  @Override
  public Optional<Envelope> dequeue(Duration maxWait) {
    return delegate.dequeue(maxWait);
  }

  @Override
  public void acknowledge(Envelope envelope) {
    delegate.acknowledge(envelope);
  }

  @Override
  public void reject(Envelope envelope, boolean requeue, String reason) {
    delegate.reject(envelope, requeue, reason);
  }

  @Override
  public void reject(Envelope envelope, Duration delay, String reason) {
    delegate.reject(envelope, delay, reason);
  }

  @Override
  public Subscription subscribe(MessageHandler handler, SubscriptionOptions options) {
    if (closed) {
      throw new IllegalStateException("queue " + name() + " is closed");
    }
    Subscription s = new PollingSubscription(this, handler, options, this::giveBack);
    subscriptions.add(s);
    return s;
  }

  @Override
  public void close() {
    closed = true;
    subscriptions.forEach(Subscription::close);
    delegate.close();
  }

  /** Gives back a message a closing subscription still held. */
  private void giveBack(Envelope e) {
    try {
      delegate.reject(e, true, "given back by a closing subscription");
    } catch (RuntimeException ignored) {
      // the queue is closed: the message comes back anyway
    }
  }
}
