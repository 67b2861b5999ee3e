package dev.mq;

import java.util.Set;

/**
 * A connection to one broker, made by {@link MessageQueues#connect()}. Hands out queues; closing
 * it closes every queue it handed out. Thread-safe.
 */
public interface Broker extends AutoCloseable {

  /**
   * {@return the name of the provider that made this broker, for example {@code inmemory} or
   * {@code kinesis}}
   */
  String provider();

  /** {@return what this broker supports, as configured} */
  Set<Capability> capabilities();

  /** {@return the consumer group that {@link #queue(String)} uses} */
  String defaultConsumerGroup();

  /**
   * {@return a queue instance for the default consumer group} Each call returns a new instance;
   * instances of one queue and group compete for its messages.
   *
   * @param name the queue's name
   * @throws IllegalArgumentException if the name is not valid for this provider
   * @throws MessagingException if the broker cannot open the queue (for example a missing stream)
   */
  MessageQueue queue(String name);

  /**
   * {@return a queue instance that consumes for {@code consumerGroup}} Each group receives every
   * message pushed after the group was first opened (durable providers may deliver earlier messages
   * too, from their configured start position).
   *
   * @param name the queue's name
   * @param consumerGroup the consumer group the instance consumes for
   * @throws UnsupportedOperationException if the broker lacks {@link Capability#CONSUMER_GROUPS}
   *     and {@code consumerGroup} is not the default
   */
  MessageQueue queue(String name, String consumerGroup);

  /** Closes every queue this broker handed out and releases its resources. Idempotent. */
  @Override
  void close();
}
