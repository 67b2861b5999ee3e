package dev.mq.inmemory.internal;

import dev.mq.ConfigurationException;
import dev.mq.spi.Names;
import dev.mq.spi.ProviderConfig;
import dev.mq.spi.RetryPolicy;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** Defines the in-memory provider's keys and parses them into one broker's configuration. */
public final class InMemoryConfig {

  // The keys and limits live here, with the code that parses them; the public InMemoryProvider
  // repeats them for applications, so that nothing internal depends on the entry class.

  /** The provider's name. */
  public static final String PROVIDER_NAME = "inmemory";
  /** Key of the per queue and group capacity. */
  public static final String CAPACITY = "capacity";
  /** Key of the longest wait of a push on a full queue. */
  public static final String PUSH_TIMEOUT = "push-timeout";
  /** Key of the message size limit in bytes. */
  public static final String MAX_MESSAGE_SIZE = "max-message-size";
  /** Key of the default consumer group's name. */
  public static final String DEFAULT_CONSUMER_GROUP = "default-consumer-group";
  /** Default of {@value #CAPACITY}. */
  public static final int DEFAULT_CAPACITY = 100_000;
  /** Largest allowed {@value #CAPACITY}. */
  public static final int MAX_CAPACITY = 100_000_000;
  /** Default of {@value #MAX_MESSAGE_SIZE}: 1 MiB. */
  public static final int DEFAULT_MAX_MESSAGE_SIZE = 1_048_576;
  /** Largest allowed {@value #MAX_MESSAGE_SIZE}: 100 MiB. */
  public static final int MAX_MAX_MESSAGE_SIZE = 104_857_600;
  /** Default of {@value #DEFAULT_CONSUMER_GROUP}. */
  public static final String DEFAULT_GROUP_NAME = "default";
  /** Every key of the provider, without its {@code mq.inmemory.} prefix. */
  public static final Set<String> KEYS =
      Set.of(CAPACITY, PUSH_TIMEOUT, MAX_MESSAGE_SIZE, DEFAULT_CONSUMER_GROUP);

  /** Longest allowed push timeout; waits are bounded. */
  static final Duration MAX_PUSH_TIMEOUT = Duration.ofHours(1);

  private final int capacity;
  private final Duration pushTimeout;
  private final int maxMessageSize;
  private final String defaultGroup;
  private final int maxDeliveryAttempts;
  private final RetryPolicy retryPolicy;
  private final ProviderConfig config;

  private InMemoryConfig(ProviderConfig config) {
    this.config = config;
    this.capacity = config.intValue(CAPACITY, DEFAULT_CAPACITY,
        1, MAX_CAPACITY);
    this.pushTimeout = config.duration(PUSH_TIMEOUT, Duration.ZERO, Duration.ZERO,
        MAX_PUSH_TIMEOUT);
    this.maxMessageSize = config.intValue(MAX_MESSAGE_SIZE,
        DEFAULT_MAX_MESSAGE_SIZE, 1, MAX_MAX_MESSAGE_SIZE);
    this.defaultGroup = config.string(DEFAULT_CONSUMER_GROUP,
        DEFAULT_GROUP_NAME);
    if (!Names.isValid(defaultGroup)) {
      throw config.malformed(DEFAULT_CONSUMER_GROUP, defaultGroup, Names.RULE);
    }
    this.maxDeliveryAttempts = config.maxDeliveryAttempts();
    this.retryPolicy = config.retryPolicy();
    // A template that cannot yield a valid name for a simple queue is a typo; fail at connect.
    deadLetterQueue("q");
  }

  /**
   * Parses and checks every value.
   *
   * @param config the connection's configuration
   * @return the parsed values
   * @throws ConfigurationException naming the key and the value of a malformed one
   */
  public static InMemoryConfig from(ProviderConfig config) {
    return new InMemoryConfig(config);
  }

  /** Most messages held per queue and group, pending plus in flight. */
  int capacity() {
    return capacity;
  }

  /** How long a push waits for space; zero means not at all. */
  Duration pushTimeout() {
    return pushTimeout;
  }

  /** Most bytes of one message, as {@link MessageSize} counts them. */
  int maxMessageSize() {
    return maxMessageSize;
  }

  /** The group of {@code Broker.queue(name)}. */
  String defaultGroup() {
    return defaultGroup;
  }

  /** Deliveries after which a requeueing reject dead-letters the message. */
  int maxDeliveryAttempts() {
    return maxDeliveryAttempts;
  }

  /** {@code mq.retry.*}: how long a requeued message waits. */
  RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  /**
   * The dead-letter queue of {@code sourceQueue}, if one is configured.
   *
   * @throws ConfigurationException if the configured template gives an invalid queue name
   */
  Optional<String> deadLetterQueue(String sourceQueue) {
    return config.deadLetterQueue(sourceQueue); // checked against the portable name rule
  }
}
