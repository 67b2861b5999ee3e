package dev.mq.sqs.internal;

import dev.mq.Broker;
import dev.mq.Capability;
import dev.mq.MessageQueue;
import dev.mq.spi.BrokerInsight;
import dev.mq.spi.DaemonThreads;
import dev.mq.spi.Names;
import dev.mq.spi.ProviderConfig;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * A connection to SQS: one asynchronous client, the queue URL cache, the producer and the
 * visibility keeper, shared by the queue instances it hands out.
 */
public final class SqsBroker implements Broker, BrokerInsight {

  /** The provider's name. */
  public static final String PROVIDER = "sqs";
  /** The only consumer group: SQS has no consumer groups of its own. */
  public static final String DEFAULT_GROUP = "default";

  private final SqsConfig config;
  private final SdkEventLoopGroup eventLoops;
  private final SdkAsyncHttpClient http;
  private final SqsAsyncClient client;
  private final QueueDirectory directory;
  private final SqsProducer producer;
  private final VisibilityKeeper keeper;
  /** Completes pushAsync and delete batches and schedules lingers and retries. */
  private final ScheduledExecutorService producerThread =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.factory("mq-sqs-producer"));
  private final Set<SqsQueue> queues = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Map<String, VisibilityCounts> visibility = new ConcurrentHashMap<>();

  private SqsBroker(SqsConfig config, Consumer<ClientOverrideConfiguration.Builder> customizer,
      UnaryOperator<SdkAsyncHttpClient> httpWrapper) {
    this.config = config;
    this.eventLoops = SqsClients.eventLoops();
    this.http = httpWrapper.apply(SqsClients.http(config, eventLoops));
    this.client = SqsClients.create(config, http, customizer);
    this.directory = new QueueDirectory(client, config.createQueues());
    this.producer = new SqsProducer(client, directory, config);
    this.keeper = new VisibilityKeeper(config.visibilityTimeout());
  }

  /**
   * Connects with the configuration of {@code mq.sqs.*} and the common keys.
   *
   * @param config the connection's configuration
   * @return the connected broker
   */
  public static SqsBroker connect(ProviderConfig config) {
    return connect(new SqsConfig(config), b -> { }, UnaryOperator.identity());
  }

  /**
   * Connects, letting {@code customizer} change the client's override configuration (execution
   * interceptors) and {@code httpWrapper} wrap its HTTP client; tests inject faults this way.
   *
   * @param config the checked configuration
   * @param customizer changes the SQS client's override configuration
   * @param httpWrapper wraps the HTTP client the SQS client sends through
   * @return the connected broker
   */
  public static SqsBroker connect(SqsConfig config, Consumer<ClientOverrideConfiguration.Builder> customizer,
      UnaryOperator<SdkAsyncHttpClient> httpWrapper) {
    return new SqsBroker(config, customizer, httpWrapper);
  }

  @Override
  public String provider() {
    return PROVIDER;
  }

  /**
   * Durable (SQS stores a message before SendMessage answers, and a delete is final), dead
   * letters, competing consumers (in one process and across processes: SQS hands each message to
   * one receiver); ordering by key only when every queue is FIFO.
   */
  @Override
  public Set<Capability> capabilities() {
    Set<Capability> c = EnumSet.of(Capability.DURABLE, Capability.DEAD_LETTER, Capability.COMPETING_CONSUMERS,
        Capability.DISTRIBUTED_COMPETING_CONSUMERS);
    if (config.fifo()) {
      c.add(Capability.ORDERING_BY_KEY);
    }
    return Set.copyOf(c);
  }

  @Override
  public String defaultConsumerGroup() {
    return DEFAULT_GROUP;
  }

  @Override
  public MessageQueue queue(String name) {
    return queue(name, DEFAULT_GROUP);
  }

  @Override
  public MessageQueue queue(String name, String consumerGroup) {
    Names.check(name, "queue name");
    Names.check(consumerGroup, "consumer group");
    ensureOpen();
    if (!consumerGroup.equals(DEFAULT_GROUP)) {
      throw new UnsupportedOperationException("the sqs provider has one consumer group, '" + DEFAULT_GROUP
          + "' (SQS has no consumer groups): cannot open queue " + name + " for group " + consumerGroup);
    }
    String sqsName = sqsName(name);
    SqsQueue q = new SqsQueue(this, name, consumerGroup, sqsName, isFifo(name), directory.url(sqsName));
    queues.add(q);
    keeper.register(q);
    if (closed.get()) {
      q.close();
      ensureOpen();
    }
    return q;
  }

  String sqsName(String queue) {
    return QueueNames.sqsName(config.queuePrefix(), queue, config.fifo());
  }

  boolean isFifo(String queue) {
    return QueueNames.isFifo(queue, config.fifo());
  }

  SqsConfig config() {
    return config;
  }

  SqsAsyncClient client() {
    return client;
  }

  /** A pushAsync lane for one queue instance. */
  AsyncPusher asyncPusher(String sqsName, boolean fifo) {
    return new AsyncPusher(client, directory, producerThread, config, sqsName, fifo);
  }

  /** Batched deletes (acknowledgements) for one queue instance. */
  DeleteBatcher deleteBatcher(String url) {
    return new DeleteBatcher(client, producerThread, url);
  }

  SqsProducer producer() {
    return producer;
  }

  /** The visibility keeper's counts for {@code queue}, made on first use. */
  VisibilityCounts visibilityCounts(String queue) {
    return visibility.computeIfAbsent(queue, q -> new VisibilityCounts());
  }

  /**
   * Per queue: messages held unsettled by this broker's instances, and the visibility keeper's
   * totals (extensions, failed extensions, messages that reached the hold limit).
   */
  @Override
  public List<Reading> readings() {
    Map<String, Integer> heldByQueue = new TreeMap<>();
    for (SqsQueue q : List.copyOf(queues)) {
      heldByQueue.merge(q.queueName(), q.heldCount(), Integer::sum);
    }
    visibility.keySet().forEach(q -> heldByQueue.putIfAbsent(q, 0));
    List<Reading> out = new ArrayList<>();
    heldByQueue.forEach((queue, held) -> {
      Map<String, String> at = Map.of(QUEUE, queue, GROUP, DEFAULT_GROUP);
      out.add(new Reading("mq.sqs.held.messages", Kind.GAUGE, at, held));
      VisibilityCounts c = visibilityCounts(queue);
      out.add(new Reading("mq.sqs.visibility.extensions", Kind.COUNTER, at, c.extended.sum()));
      out.add(new Reading("mq.sqs.visibility.extension.failures", Kind.COUNTER, at, c.failed.sum()));
      out.add(new Reading("mq.sqs.visibility.hold_limit_reached", Kind.COUNTER, at, c.holdLimitReached.sum()));
    });
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

  void forget(SqsQueue q) {
    keeper.unregister(q);
    queues.remove(q);
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("the sqs broker is closed");
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      for (SqsQueue q : List.copyOf(queues)) {
        q.close();
      }
    } finally {
      keeper.close();
      producerThread.shutdown();
      client.close();
      http.close();
      SqsClients.shutdown(eventLoops);
    }
  }

  @Override
  public String toString() {
    return "SqsBroker[" + config + "]";
  }
}
