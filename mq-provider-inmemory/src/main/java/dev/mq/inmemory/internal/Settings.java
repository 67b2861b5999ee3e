package dev.mq.inmemory.internal;

import dev.mq.ConfigurationException;
import dev.mq.inmemory.InMemoryProvider;
import dev.mq.spi.Names;
import dev.mq.spi.ProviderConfig;
import dev.mq.spi.RetryPolicy;
import java.time.Duration;
import java.util.Optional;

/** The parsed configuration of one in-memory broker. */
public final class Settings {

  /** Longest allowed push timeout; waits are bounded. */
  static final Duration MAX_PUSH_TIMEOUT = Duration.ofHours(1);

  private final int capacity;
  private final Duration pushTimeout;
  private final int maxMessageSize;
  private final String defaultGroup;
  private final int maxDeliveryAttempts;
  private final RetryPolicy retryPolicy;
  private final ProviderConfig config;

  private Settings(ProviderConfig config) {
    this.config = config;
    this.capacity = config.intValue(InMemoryProvider.CAPACITY, InMemoryProvider.DEFAULT_CAPACITY,
        1, InMemoryProvider.MAX_CAPACITY);
    this.pushTimeout = config.duration(InMemoryProvider.PUSH_TIMEOUT, Duration.ZERO, Duration.ZERO,
        MAX_PUSH_TIMEOUT);
    this.maxMessageSize = config.intValue(InMemoryProvider.MAX_MESSAGE_SIZE,
        InMemoryProvider.DEFAULT_MAX_MESSAGE_SIZE, 1, InMemoryProvider.MAX_MAX_MESSAGE_SIZE);
    this.defaultGroup = config.string(InMemoryProvider.DEFAULT_CONSUMER_GROUP,
        InMemoryProvider.DEFAULT_GROUP_NAME);
    if (!Names.isValid(defaultGroup)) {
      throw config.malformed(InMemoryProvider.DEFAULT_CONSUMER_GROUP, defaultGroup, Names.RULE);
    }
    this.maxDeliveryAttempts = config.maxDeliveryAttempts();
    this.retryPolicy = config.retryPolicy();
    // A template that cannot yield a valid name for a simple queue is a typo; fail at connect.
    deadLetterQueue("q");
  }

  /**
   * Parses and checks every value.
   *
   * @throws ConfigurationException naming the key and the value of a malformed one
   */
  public static Settings from(ProviderConfig config) {
    return new Settings(config);
  }

  /** Most messages held per queue and group, pending plus in flight. */
  public int capacity() {
    return capacity;
  }

  /** How long a push waits for space; zero means not at all. */
  public Duration pushTimeout() {
    return pushTimeout;
  }

  /** Most bytes of one message, as {@link MessageSize} counts them. */
  public int maxMessageSize() {
    return maxMessageSize;
  }

  /** The group of {@code Broker.queue(name)}. */
  public String defaultGroup() {
    return defaultGroup;
  }

  /** Deliveries after which a requeueing reject dead-letters the message. */
  public int maxDeliveryAttempts() {
    return maxDeliveryAttempts;
  }

  /** {@code mq.retry.*}: how long a requeued message waits. */
  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  /**
   * The dead-letter queue of {@code sourceQueue}, if one is configured.
   *
   * @throws ConfigurationException if the configured template gives an invalid queue name
   */
  public Optional<String> deadLetterQueue(String sourceQueue) {
    return config.deadLetterQueue(sourceQueue); // checked against the portable name rule
  }
}
