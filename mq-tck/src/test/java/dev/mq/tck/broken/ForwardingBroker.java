package dev.mq.tck.broken;

import dev.mq.Broker;
import dev.mq.Capability;
import dev.mq.MessageQueue;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/** A broker that wraps every queue it hands out, and may claim capabilities it lacks. */
class ForwardingBroker implements Broker {

  protected final Broker delegate;
  private final UnaryOperator<MessageQueue> wrap;
  private final Set<Capability> extraCapabilities;
  private final List<MessageQueue> handedOut = new CopyOnWriteArrayList<>();

  ForwardingBroker(Broker delegate, UnaryOperator<MessageQueue> wrap, Capability... claimed) {
    this.delegate = delegate;
    this.wrap = wrap;
    this.extraCapabilities = claimed.length == 0 ? Set.of() : EnumSet.of(claimed[0], claimed);
  }

  @Override
  public String provider() {
    return delegate.provider();
  }

  @Override
  public Set<Capability> capabilities() {
    Set<Capability> all = EnumSet.noneOf(Capability.class);
    all.addAll(delegate.capabilities());
    all.addAll(extraCapabilities);
    return all;
  }

  @Override
  public String defaultConsumerGroup() {
    return delegate.defaultConsumerGroup();
  }

  @Override
  public MessageQueue queue(String name) {
    return handOut(wrap.apply(delegate.queue(name)));
  }

  @Override
  public MessageQueue queue(String name, String consumerGroup) {
    return handOut(wrap.apply(delegate.queue(name, consumerGroup)));
  }

  /** Remembers a queue this broker handed out, so that close closes it (and its subscriptions). */
  protected MessageQueue handOut(MessageQueue q) {
    handedOut.add(q);
    return q;
  }

  @Override
  public void close() {
    closeHandedOut();
    delegate.close();
  }

  /** Closes every queue this broker handed out. */
  protected void closeHandedOut() {
    for (MessageQueue q : handedOut) {
      try {
        q.close();
      } catch (RuntimeException e) {
        // a broken queue's close may throw; the healthy broker below still closes
      }
    }
  }
}
