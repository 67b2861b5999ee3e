package dev.mq.kinesis.internal.config;

import dev.mq.spi.Names;
import dev.mq.spi.ProviderConfig;
import dev.mq.spi.RetryPolicy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The streams group of {@link KinesisConfig}: how queues map onto streams (name, creation,
 * dead-letter queues), the default consumer group, and the delivery limits of {@code mq.*}.
 */
public final class StreamSettings {

  private final ProviderConfig config; // for the dead-letter templates of mq.dead-letter-queue
  private final String streamPrefix;
  private final boolean createStreams;
  private final int shards;
  private final StreamMode streamMode;
  private final Map<String, String> streamArns;
  private final Duration streamReadyTimeout;
  private final String consumerGroup;
  private final int maxDeliveryAttempts;
  private final RetryPolicy retryPolicy;

  StreamSettings(ProviderConfig config, String streamPrefix, boolean createStreams, int shards,
      StreamMode streamMode, Map<String, String> streamArns, Duration streamReadyTimeout, String consumerGroup, int maxDeliveryAttempts,
      RetryPolicy retryPolicy) {
    this.config = config;
    this.streamPrefix = streamPrefix;
    this.createStreams = createStreams;
    this.shards = shards;
    this.streamMode = streamMode;
    this.streamArns = Map.copyOf(streamArns);
    this.streamReadyTimeout = streamReadyTimeout;
    this.consumerGroup = consumerGroup;
    this.maxDeliveryAttempts = maxDeliveryAttempts;
    this.retryPolicy = retryPolicy;
  }

  /**
   * {@return the stream behind a queue: its ARN when {@code stream-arns} maps the queue (see
   * {@link StreamArns#isArn}), else prefix + name}
   *
   * @param queue the queue name
   */
  public String streamName(String queue) {
    return streamArns.getOrDefault(queue, streamPrefix + queue);
  }

  /**
   * {@return true when {@code queue} maps to a valid stream name (with the prefix, as if not
   * mapped)}
   *
   * @param queue the queue name, may be null
   */
  public boolean isValidQueueName(String queue) {
    return queue != null && !queue.isEmpty()
        && KinesisConfig.STREAM_NAME.matcher(streamPrefix + queue).matches();
  }

  /** {@return {@code stream-prefix}: put before every queue name; default empty} */
  public String streamPrefix() {
    return streamPrefix;
  }

  /** {@return {@code create-streams}: create a missing stream at first use; default false} */
  public boolean createStreams() {
    return createStreams;
  }

  /** {@return {@code shards}: the shard count of a created stream; default 1, 1 to 10,000} */
  public int shards() {
    return shards;
  }

  /**
   * {@return {@code stream-mode}: the capacity mode of created streams; default {@code provisioned}
   * ({@link #shards()} shards); with {@code on-demand} the shard count is Kinesis's}
   */
  public StreamMode streamMode() {
    return streamMode;
  }

  /**
   * {@return {@code stream-ready-timeout}: how long to wait for a stream to become active; default
   * 60 s, 1 s to 1 h}
   */
  public Duration streamReadyTimeout() {
    return streamReadyTimeout;
  }

  /** {@return {@code consumer-group}: the group of {@code queue(name)}; default {@code default}} */
  public String consumerGroup() {
    return consumerGroup;
  }

  /** {@return {@code mq.max-delivery-attempts}} */
  public int maxDeliveryAttempts() {
    return maxDeliveryAttempts;
  }

  /** {@return {@code mq.retry.*}: how long a requeued message waits} */
  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  /**
   * The dead-letter queue of {@code queue}, if configured ({@code mq.dead-letter-queue}).
   *
   * @throws dev.mq.ConfigurationException if the template gives an invalid queue name for it
   * @param queue the queue whose dead letters are meant
   * @return the dead-letter queue, empty when none is configured
   */
  public Optional<String> deadLetterQueue(String queue) {
    return config.deadLetterQueue(queue, this::isValidQueueName, Names.rule(128 - streamPrefix.length())
        + " (with the stream prefix '" + streamPrefix + "', a stream name of 1 to 128)");
  }

  /**
   * {@return the full name of {@code key}, for error messages}
   *
   * @param key a key relative to {@code mq.kinesis.}
   */
  public String fullKey(String key) {
    return config.fullKey(key);
  }

  @Override
  public String toString() {
    return "streamPrefix=" + streamPrefix + ", createStreams=" + createStreams
        + ", consumerGroup=" + consumerGroup;
  }
}
