package dev.mq.inmemory.internal;

import dev.mq.Broker;
import dev.mq.Capability;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.spi.BrokerInsight;
import dev.mq.spi.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One independent in-memory broker: its queues live as long as it is open. Reports each group's
 * depth to monitoring ({@link BrokerInsight}).
 */
public final class InMemoryBroker implements Broker, BrokerInsight {

  private final InMemoryConfig config;
  private final Set<Capability> capabilities;
  private final ConcurrentHashMap<String, Topic> topics = new ConcurrentHashMap<>();
  private final Set<InMemoryQueue> instances = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * @param config the parsed configuration
   * @param capabilities what this broker supports
   */
  public InMemoryBroker(InMemoryConfig config, Set<Capability> capabilities) {
    this.config = Objects.requireNonNull(config, "config");
    this.capabilities = Set.copyOf(capabilities);
  }

  @Override
  public String provider() {
    return InMemoryConfig.PROVIDER_NAME;
  }

  @Override
  public Set<Capability> capabilities() {
    return capabilities;
  }

  @Override
  public String defaultConsumerGroup() {
    return config.defaultGroup();
  }

  @Override
  public MessageQueue queue(String name) {
    return queue(name, config.defaultGroup());
  }

  @Override
  public MessageQueue queue(String name, String consumerGroup) {
    Names.check(name, "queue name");
    Names.check(consumerGroup, "consumer group");
    ensureOpen();
    Topic topic = topic(name);
    InMemoryQueue q = new InMemoryQueue(this, topic, topic.group(consumerGroup), config);
    instances.add(q);
    if (closed.get()) {
      // Lost a race with close(): it may not have seen this instance.
      q.close();
      throw closedException();
    }
    return q;
  }

  /** Closes every queue instance handed out, then forgets all messages. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (InMemoryQueue q : List.copyOf(instances)) {
      q.close();
    }
    topics.clear();
  }

  @Override
  public String toString() {
    return "InMemoryBroker[queues=" + topics.size() + ", instances=" + instances.size()
        + (closed.get() ? ", closed" : "") + "]";
  }

  /** One {@link BrokerInsight#DEPTH} per queue and group: messages held, in flight included. */
  @Override
  public List<Reading> readings() {
    List<Reading> out = new ArrayList<>();
    for (Topic t : topics.values()) {
      for (ConsumerGroup g : t.groups()) {
        out.add(new Reading(DEPTH, Kind.GAUGE, Map.of(QUEUE, t.name(), GROUP, g.name()), g.held()));
      }
    }
    return out;
  }

  @Override
  public int maxDeliveryAttempts() {
    return config.maxDeliveryAttempts();
  }

  @Override
  public Optional<String> deadLetterQueue(String queue) {
    return config.deadLetterQueue(queue);
  }

  /** Writes a dead letter to queue {@code name}, creating it when needed. */
  void pushDeadLetter(String name, Envelope deadLetter) {
    ensureOpen();
    topic(name).write(deadLetter);
  }

  /** Called by an instance that closed. */
  void forget(InMemoryQueue q) {
    instances.remove(q);
  }

  private Topic topic(String name) {
    Topic t = topics.get(name);
    return t != null ? t : topics.computeIfAbsent(name, n -> new Topic(n, config));
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw closedException();
    }
  }

  private static IllegalStateException closedException() {
    return new IllegalStateException("the in-memory broker is closed");
  }
}
