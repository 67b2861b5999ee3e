package dev.mq.kinesis.internal.fanout;

import dev.mq.kinesis.internal.consumer.ShardFetchers;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * Enhanced fan-out for one broker: registers (or reuses) the stream consumer of each group it
 * reads, and opens a {@link ShardSubscription} per shard. The broker owns and closes the clients
 * and the scheduler; it never deregisters a consumer, because other processes of the group may be
 * reading with it.
 */
public final class FanOutRetrieval {

  private static final Logger log = LoggerFactory.getLogger(FanOutRetrieval.class);

  private final KinesisClient client;
  private final KinesisAsyncClient subscriptions;
  private final ScheduledExecutorService scheduler;
  private final Duration readyTimeout;
  private final Duration discoveryInterval;
  private final Duration subscriptionLifetime;
  private final FanOutStats stats = new FanOutStats();

  /**
   * The fan-out retrieval of one broker; it registers nothing before {@link #forGroup}.
   *
   * @param client for registering consumers, and checking whether a caught-up shard ended
   * @param subscriptions an HTTP/2 client for SubscribeToShard
   * @param scheduler runs the timers that renew the subscriptions
   * @param readyTimeout how long to wait for a stream consumer to become ACTIVE
   * @param discoveryInterval how often a caught-up subscription checks whether its shard ended
   * @param subscriptionLifetime when a subscription is renewed before the service ends it
   */
  public FanOutRetrieval(KinesisClient client, KinesisAsyncClient subscriptions,
      ScheduledExecutorService scheduler, Duration readyTimeout, Duration discoveryInterval,
      Duration subscriptionLifetime) {
    this.client = client;
    this.subscriptions = subscriptions;
    this.scheduler = scheduler;
    this.readyTimeout = readyTimeout;
    this.discoveryInterval = discoveryInterval;
    this.subscriptionLifetime = subscriptionLifetime;
  }

  /**
   * The fetchers of {@code group} on {@code stream}, once its stream consumer is ACTIVE (waiting
   * at most {@code stream-ready-timeout}).
   *
   * @param stream the stream (name or ARN)
   * @param group the consumer group
   * @return the fetchers, reading through the group's stream consumer
   * @throws IllegalArgumentException when the group yields no valid consumer name
   * @throws dev.mq.MessagingException when the consumer cannot be registered or described
   */
  public ShardFetchers forGroup(String stream, String group) {
    String name = ConsumerNames.of(group);
    String consumerArn = StreamConsumers.activeConsumerArn(client, stream, name,
        readyTimeout);
    log.debug("group {} reads stream {} with the fan-out consumer {}", group, stream, consumerArn);
    return (shardId, start, wake) -> new ShardSubscription(subscriptions, client,
        discoveryInterval, consumerArn, stream, shardId, start, wake, scheduler,
        subscriptionLifetime, stats);
  }

  /** {@return the counters of every subscription of this broker} */
  public FanOutStats stats() {
    return stats;
  }
}
