package dev.mq.inmemory;

import dev.mq.Broker;
import dev.mq.Capability;
import dev.mq.inmemory.internal.InMemoryBroker;
import dev.mq.inmemory.internal.InMemoryConfig;
import dev.mq.spi.ProviderConfig;
import dev.mq.spi.QueueProvider;
import java.util.Set;

/**
 * The in-memory reference provider, named {@value #NAME}. Each {@link #connect} makes an
 * independent broker that lives in this JVM only: nothing is durable.
 *
 * <p>Its keys, under {@code mq.inmemory.}:
 * <ul>
 *   <li>{@value #CAPACITY}: most messages held per queue and consumer group, pending plus in
 *       flight; default {@value #DEFAULT_CAPACITY}, 1 to {@value #MAX_CAPACITY};
 *   <li>{@value #PUSH_TIMEOUT}: how long a push waits for space in a full queue before it throws
 *       {@link dev.mq.QueueFullException}; default {@code 0s} (fail at once), at most one hour;
 *   <li>{@value #MAX_MESSAGE_SIZE}: most bytes of one message (body plus the UTF-8 bytes of the
 *       property names and values, message id and partition key); default
 *       {@value #DEFAULT_MAX_MESSAGE_SIZE}, at most {@value #MAX_MAX_MESSAGE_SIZE};
 *   <li>{@value #DEFAULT_CONSUMER_GROUP}: the group of {@link Broker#queue(String)}; default
 *       {@value #DEFAULT_GROUP_NAME}.
 * </ul>
 */
public final class InMemoryProvider implements QueueProvider {

  /** The provider's name, the value of {@code mq.provider} that selects it. */
  public static final String NAME = InMemoryConfig.PROVIDER_NAME;

  /** Key of the per queue and group capacity. */
  public static final String CAPACITY = InMemoryConfig.CAPACITY;
  /** Key of the longest wait of a push on a full queue. */
  public static final String PUSH_TIMEOUT = InMemoryConfig.PUSH_TIMEOUT;
  /** Key of the message size limit in bytes. */
  public static final String MAX_MESSAGE_SIZE = InMemoryConfig.MAX_MESSAGE_SIZE;
  /** Key of the default consumer group's name. */
  public static final String DEFAULT_CONSUMER_GROUP = InMemoryConfig.DEFAULT_CONSUMER_GROUP;

  /** Default of {@value #CAPACITY}. */
  public static final int DEFAULT_CAPACITY = InMemoryConfig.DEFAULT_CAPACITY;
  /** Largest allowed {@value #CAPACITY}. */
  public static final int MAX_CAPACITY = InMemoryConfig.MAX_CAPACITY;
  /** Default of {@value #MAX_MESSAGE_SIZE}: 1 MiB. */
  public static final int DEFAULT_MAX_MESSAGE_SIZE = InMemoryConfig.DEFAULT_MAX_MESSAGE_SIZE;
  /** Largest allowed {@value #MAX_MESSAGE_SIZE}: 100 MiB. */
  public static final int MAX_MAX_MESSAGE_SIZE = InMemoryConfig.MAX_MAX_MESSAGE_SIZE;
  /** Default of {@value #DEFAULT_CONSUMER_GROUP}. */
  public static final String DEFAULT_GROUP_NAME = InMemoryConfig.DEFAULT_GROUP_NAME;

  private static final Set<Capability> CAPABILITIES = Set.of(
      Capability.ORDERING_BY_KEY,
      Capability.CONSUMER_GROUPS,
      Capability.DEAD_LETTER,
      Capability.COMPETING_CONSUMERS);

  /** For {@link java.util.ServiceLoader}. */
  public InMemoryProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<Capability> capabilities() {
    return CAPABILITIES;
  }

  @Override
  public Set<String> configKeys() {
    return InMemoryConfig.KEYS;
  }

  @Override
  public Broker connect(ProviderConfig config) {
    return new InMemoryBroker(InMemoryConfig.from(config), CAPABILITIES);
  }
}
