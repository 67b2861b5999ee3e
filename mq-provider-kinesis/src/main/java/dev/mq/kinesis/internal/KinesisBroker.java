package dev.mq.kinesis.internal;

import dev.mq.Broker;
import dev.mq.Capability;
import dev.mq.ConfigurationException;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.MessageTooLargeException;
import dev.mq.kinesis.checkpoint.CheckpointStore;
import dev.mq.kinesis.internal.checkpoint.CheckpointStores;
import dev.mq.kinesis.internal.checkpoint.OpenedStore;
import dev.mq.kinesis.internal.config.ConnectionSettings;
import dev.mq.kinesis.internal.config.KinesisConfig;
import dev.mq.kinesis.internal.config.ReadSettings;
import dev.mq.kinesis.internal.config.RecordFormat;
import dev.mq.kinesis.internal.config.Retrieval;
import dev.mq.kinesis.internal.config.StreamSettings;
import dev.mq.kinesis.internal.consumer.DeadLetterSink;
import dev.mq.kinesis.internal.consumer.GroupEngine;
import dev.mq.kinesis.internal.consumer.PollingShardFetcher;
import dev.mq.kinesis.internal.consumer.RecordMapper;
import dev.mq.kinesis.internal.consumer.ShardFetchers;
import dev.mq.kinesis.internal.fanout.ConsumerNames;
import dev.mq.kinesis.internal.fanout.FanOutRetrieval;
import dev.mq.kinesis.internal.fanout.FanOutStats;
import dev.mq.kinesis.internal.kcl.KclImport;
import dev.mq.kinesis.internal.consumer.ShardStats;
import dev.mq.spi.BrokerInsight;
import dev.mq.spi.DaemonThreads;
import dev.mq.spi.Names;
import dev.mq.spi.ProviderConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * A connection to Kinesis: one client, one small scheduler (which runs the shard readers,
 * discovery and checkpoint writes), one checkpoint store, one producer (with its own dispatcher
 * and callback threads and the async client's event loops), and one {@link GroupEngine} per
 * stream and group that the queue instances of that group share (with the {@code dynamodb} store,
 * each engine's lease renewer starts its own watchdog and renewal threads). The README's thread
 * model lists every thread. With {@code retrieval=fan-out}, also an HTTP/2 client whose
 * SubscribeToShard streams feed the shard readers; the stream consumers it registers are kept when
 * the broker closes (other processes of the group may be using them).
 *
 * <p>Over 350 lines because it owns every resource it opens and closes them in one order, and
 * the group engines it starts share its monitor and closed flag with {@code queue()},
 * {@code write} and {@code close}: a separate engine registry would need that same lock.
 *
 * <p>It reports to monitoring ({@link BrokerInsight}) what its parts count: each shard's lag
 * ({@code MillisBehindLatest}), read-ahead fill, throttles and failures in a row, the leases
 * held, and the producer's buffer and retries.
 */
public final class KinesisBroker implements Broker, BrokerInsight {

  /** The provider's name, the value of {@code mq.provider} that selects it. */
  public static final String PROVIDER_NAME = "kinesis";

  private static final Logger log = LoggerFactory.getLogger(KinesisBroker.class);
  private static final AtomicInteger BROKERS = new AtomicInteger();

  private final KinesisConfig config; // for toString only
  private final ConnectionSettings connection;
  private final StreamSettings settings;
  private final ReadSettings read;
  private final KinesisClient client;
  private final KinesisAsyncClient asyncClient;
  private final KinesisAsyncClient fanOutClient; // null when polling
  private final FanOutRetrieval fanOut; // null when polling
  private final SdkEventLoopGroup eventLoops;
  private final ScheduledThreadPoolExecutor scheduler;
  private final OpenedStore store;
  private final EnvelopeProducer producer;
  /** The format of pushed records; dead letters are always {@link RecordFormat#ENVELOPE}. */
  private final RecordFormat pushFormat;
  private final RecordMapper mapper;
  private final StreamAdmin streams;
  /** With {@code kcl-lease-table}: where a group without checkpoints takes its starts from. */
  private final Optional<KclImport> kclImport;
  private final Set<Capability> capabilities;
  /**
   * Bytes of every record kept free for the five dead-letter properties: at most 3,641 bytes with
   * a 1,024-character reason of 3-byte characters, a 128-character queue and a 255-character
   * group, the 30-character time, each with its name and the codec's length prefixes.
   */
  static final int DEAD_LETTER_HEADROOM = 4096;

  private final Map<String, GroupEngine> engines = new HashMap<>(); // guarded by this
  /** Held while a group's engine is created and started, so that each group starts once. */
  private final Object engineStart = new Object();
  /** When each stream and group first had a queue instance here; guarded by this. */
  private final Map<String, Instant> firstOpened = new HashMap<>();
  private final Set<KinesisMessageQueue> queues = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private KinesisBroker(KinesisConfig config, KinesisClient client, KinesisAsyncClient asyncClient,
      KinesisAsyncClient fanOutClient, SdkEventLoopGroup eventLoops, OpenedStore store,
      EnvelopeProducer producer, RecordMapper mapper) {
    this.config = config;
    this.connection = config.connection();
    this.settings = config.streams();
    this.read = config.read();
    this.client = client;
    this.asyncClient = asyncClient;
    this.fanOutClient = fanOutClient;
    this.eventLoops = eventLoops;
    this.store = store;
    this.producer = producer;
    this.pushFormat = config.producer().recordFormat();
    this.mapper = mapper;
    this.streams = new StreamAdmin(client, settings);
    this.kclImport = config.kclImport().map(k -> new KclImport(k, connection));
    this.scheduler = new ScheduledThreadPoolExecutor(connection.threads(), daemonThreads());
    scheduler.setRemoveOnCancelPolicy(true);
    this.fanOut = fanOutClient == null ? null
        : new FanOutRetrieval(client, fanOutClient, scheduler, settings.streamReadyTimeout(),
            read.shardDiscoveryInterval(), read.fanOutSubscriptionLifetime());
    EnumSet<Capability> caps = EnumSet.of(Capability.ORDERING_BY_KEY, Capability.CONSUMER_GROUPS,
        Capability.DEAD_LETTER, Capability.COMPETING_CONSUMERS);
    if (store.store().isDurable()) {
      caps.add(Capability.DURABLE);
    }
    if (store.leaseTable().isPresent()) {
      caps.add(Capability.DISTRIBUTED_COMPETING_CONSUMERS); // shards are leased across processes
    }
    this.capabilities = Set.copyOf(caps);
  }

  /**
   * A shard reader that failed this many times in a row (about a minute of back-off with the
   * defaults) is reported as a problem.
   */
  static final int STUCK_READER_FAILURES = 8;

  /**
   * Connects with the provider's configuration.
   *
   * @param config the provider's configuration
   * @return the connected broker
   */
  public static KinesisBroker connect(ProviderConfig config) {
    return connect(config, b -> { });
  }

  /**
   * Connects, letting the caller add to the client's override configuration (tests add
   * execution interceptors to inject faults).
   *
   * @param config the provider's configuration
   * @param clientCustomizer adds to the Kinesis clients' override configuration
   * @return the connected broker
   */
  public static KinesisBroker connect(ProviderConfig config,
      Consumer<ClientOverrideConfiguration.Builder> clientCustomizer) {
    KinesisConfig parsed = new KinesisConfig(config); // every key but the stores', producer's included
    OpenedStore store = CheckpointStores.open(parsed.checkpointStore(), parsed.checkpointStoreKey(), config);
    KinesisClient client = null;
    KinesisAsyncClient asyncClient = null;
    KinesisAsyncClient fanOutClient = null;
    SdkEventLoopGroup eventLoops = null;
    try {
      client = KinesisClients.create(parsed.connection(), clientCustomizer);
      eventLoops = KinesisClients.eventLoops();
      asyncClient = KinesisClients.createAsync(parsed.connection(), eventLoops, clientCustomizer);
      if (parsed.read().retrieval() == Retrieval.FAN_OUT) {
        fanOutClient = KinesisClients.createFanOut(parsed.connection(), eventLoops, clientCustomizer);
      }
      EnvelopeProducer producer = EnvelopeProducer.create(asyncClient, parsed.producer());
      return new KinesisBroker(parsed, client, asyncClient, fanOutClient, eventLoops, store, producer,
          new CodecRecordMapper());
    } catch (RuntimeException e) {
      store.store().close();
      if (client != null) {
        client.close();
      }
      if (asyncClient != null) {
        asyncClient.close();
      }
      if (fanOutClient != null) {
        fanOutClient.close();
      }
      if (eventLoops != null) {
        KinesisClients.shutdown(eventLoops);
      }
      throw e;
    }
  }

  @Override
  public String provider() {
    return PROVIDER_NAME;
  }

  @Override
  public Set<Capability> capabilities() {
    return capabilities;
  }

  @Override
  public String defaultConsumerGroup() {
    return settings.consumerGroup();
  }

  @Override
  public MessageQueue queue(String name) {
    return queue(name, settings.consumerGroup());
  }

  @Override
  public MessageQueue queue(String name, String consumerGroup) {
    Names.check(name, "queue name");
    Names.check(consumerGroup, "consumer group");
    if (!settings.isValidQueueName(name)) {
      throw new IllegalArgumentException("'" + name + "' is not a valid queue name: with the stream "
          + "prefix '" + settings.streamPrefix() + "' it must form a stream name of 1 to 128 letters, "
          + "digits, '_', '.' and '-'");
    }
    if (fanOut != null) {
      ConsumerNames.of(consumerGroup); // fails before any stream is touched
    }
    checkOpen();
    Optional<String> dlq = settings.deadLetterQueue(name); // a ConfigurationException if invalid
    String stream = settings.streamName(name);
    streams.ensure(stream, name);
    if (dlq.isPresent() && !settings.createStreams()) {
      // here, not at the first dead letter: a missing one that may not be created would stop a
      // shard at its first corrupt record, retrying forever (with create-streams it is created
      // at first use)
      streams.ensure(settings.streamName(dlq.get()), dlq.get() + ", the dead-letter queue of " + name);
    }
    synchronized (this) {
      firstOpened.putIfAbsent(engineKey(stream, consumerGroup), Instant.now());
    }
    KinesisMessageQueue q = new KinesisMessageQueue(this, name, consumerGroup, stream,
        deadLetterSink(name), settings.maxDeliveryAttempts(), settings.retryPolicy());
    queues.add(q);
    if (closed) {
      q.close();
      checkOpen();
    }
    return q;
  }

  /**
   * The group's engine, started on first use, with the calling instance attached. Only a queue
   * instance that consumes (dequeue or subscribe) calls this, so a process that only pushes
   * never reads the stream nor takes leases from the group's consumers.
   */
  GroupEngine attachConsumer(String queue, String stream, String group) {
    GroupEngine engine = engine(queue, stream, group);
    engine.attach();
    return engine;
  }

  /**
   * The group's engine, created and started on first use. Starting lists the shards and loads the
   * checkpoints (with the dynamodb store it takes part in the leases, with fan-out it registers
   * the stream consumer), so it runs outside this broker's monitor: pushes and {@code queue()}
   * never wait for it, only other first consumers do.
   */
  private GroupEngine engine(String queue, String stream, String group) {
    String key = engineKey(stream, group);
    synchronized (engineStart) {
      Instant opened;
      synchronized (this) {
        checkOpen();
        GroupEngine running = engines.get(key);
        if (running != null) {
          return running;
        }
        // initial-position=latest counts from when the group's first queue instance was opened
        opened = firstOpened.getOrDefault(key, Instant.now());
      }
      // before the engine loads the checkpoints; a refusal reaches the caller and the next
      // dequeue or subscribe tries again
      kclImport.ifPresent(i -> i.importIfNeeded(store, stream, group));
      ShardFetchers fetchers = fanOut != null
          ? fanOut.forGroup(stream, group)
          : PollingShardFetcher.factory(client, stream, read);
      GroupEngine engine = new GroupEngine(queue, stream, group, client, scheduler, store, read,
          mapper, deadLetterSink(queue), fetchers, opened);
      try {
        engine.start();
      } catch (RuntimeException e) {
        closeQuietly(engine); // a half-started engine may hold leases or a discovery task
        throw e;
      }
      synchronized (this) {
        if (!closed) {
          engines.put(key, engine);
          return engine;
        }
      }
      closeQuietly(engine);
      throw new IllegalStateException("the kinesis broker is closed");
    }
  }

  private static void closeQuietly(GroupEngine engine) {
    try {
      engine.close();
    } catch (RuntimeException e) {
      log.warn("closing {} failed", engine, e);
    }
  }

  private static String engineKey(String stream, String group) {
    return stream + '\u0000' + group;
  }

  private DeadLetterSink deadLetterSink(String queue) {
    Optional<String> dlq = settings.deadLetterQueue(queue);
    return new DeadLetterSink() {
      @Override
      public boolean isConfigured() {
        return dlq.isPresent();
      }

      @Override
      public void send(Envelope deadLetter) {
        String name = dlq.orElseThrow(); // checked by settings.deadLetterQueue
        String stream = settings.streamName(name);
        streams.ensure(stream, name);
        // always the envelope format: a dead letter's mq.dead-letter.* properties must survive
        write(stream, List.of(deadLetter), false, producer.maxRecordBytes(), RecordFormat.ENVELOPE);
      }
    };
  }

  /**
   * The largest message {@code push} takes: {@code max-record-bytes} less
   * {@link #DEAD_LETTER_HEADROOM}, so that every message pushed can be dead-lettered (SPEC 2.9).
   */
  long maxMessageBytes() {
    return producer.maxRecordBytes() - DEAD_LETTER_HEADROOM;
  }

  /** Writes pushed messages: at most {@link #maxMessageBytes()} each. */
  void write(String stream, List<Envelope> envelopes, boolean batch) {
    write(stream, envelopes, batch, maxMessageBytes(), pushFormat);
  }

  /** Writes one pushed message without waiting for Kinesis; then wakes local readers. */
  CompletableFuture<Void> writeAsync(String stream, Envelope envelope) {
    checkOpen();
    checkSizes(List.of(envelope), maxMessageBytes(), pushFormat);
    return producer.putAsync(stream, envelope, pushFormat).whenComplete((ok, error) -> wakeReaders(stream));
  }

  /** Checks sizes (nothing is written when one is too large), writes, then wakes local readers. */
  private void write(String stream, List<Envelope> envelopes, boolean batch, long maxBytes,
      RecordFormat format) {
    checkOpen();
    checkSizes(envelopes, maxBytes, format);
    try {
      if (batch) {
        producer.putAll(stream, envelopes, format);
      } else {
        producer.put(stream, envelopes.get(0), format);
      }
    } finally {
      wakeReaders(stream);
    }
  }

  private void checkSizes(List<Envelope> envelopes, long maxBytes, RecordFormat format) {
    for (Envelope e : envelopes) {
      long size;
      try {
        size = producer.sizeOf(e, format);
      } catch (IllegalArgumentException tooBig) {
        // a field over a codec limit (e.g. a property value over 64 KiB), or what the plain
        // format cannot carry, is bad input
        throw new IllegalArgumentException("cannot write " + e + ": " + tooBig.getMessage(), tooBig);
      }
      if (size > maxBytes) {
        throw new MessageTooLargeException(e.messageId(), size, maxBytes);
      }
    }
  }

  private void wakeReaders(String stream) {
    List<GroupEngine> matching = new ArrayList<>();
    synchronized (this) {
      for (GroupEngine e : engines.values()) {
        if (e.stream().equals(stream)) {
          matching.add(e);
        }
      }
    }
    matching.forEach(GroupEngine::wakeReaders);
  }

  void closed(KinesisMessageQueue q) {
    queues.remove(q);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the kinesis broker is closed");
    }
  }

  @Override
  public void close() {
    List<GroupEngine> toClose;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      toClose = new ArrayList<>(engines.values());
      engines.clear();
    }
    for (KinesisMessageQueue q : new ArrayList<>(queues)) {
      q.close();
    }
    toClose.forEach(GroupEngine::close);
    scheduler.shutdownNow();
    try {
      if (!scheduler.awaitTermination(connection.requestTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS)) {
        log.warn("kinesis broker threads did not stop within the request timeout");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close();
    store.store().close();
    client.close();
    asyncClient.close();
    if (fanOutClient != null) {
      fanOutClient.close(); // every subscription was cancelled when its reader stopped
    }
    KinesisClients.shutdown(eventLoops);
  }

  /** The counters of the fan-out subscriptions, when reading with enhanced fan-out. */
  Optional<FanOutStats> fanOutStats() {
    return Optional.ofNullable(fanOut).map(FanOutRetrieval::stats);
  }

  @Override
  public List<Reading> readings() {
    List<Reading> out = new ArrayList<>();
    out.add(new Reading("mq.kinesis.producer.buffered.records", Kind.GAUGE, Map.of(),
        producer.bufferedRecords()));
    out.add(new Reading("mq.kinesis.producer.retries", Kind.COUNTER, Map.of(), producer.retries()));
    for (GroupEngine e : runningEngines()) {
      Map<String, String> group = Map.of(QUEUE, e.queueName(), GROUP, e.group());
      e.leasesHeld().ifPresent(n -> out.add(new Reading("mq.kinesis.leases.held", Kind.GAUGE, group, n)));
      List<ShardStats> shards = e.shardStats();
      out.add(new Reading("mq.kinesis.shards.read", Kind.GAUGE, group, shards.size()));
      for (ShardStats s : shards) {
        Map<String, String> shard = Map.of(QUEUE, e.queueName(), GROUP, e.group(), PARTITION, s.shardId());
        if (s.millisBehindLatest() >= 0) {
          out.add(new Reading(LAG_MILLIS, Kind.GAUGE, shard, s.millisBehindLatest()));
        }
        out.add(new Reading("mq.kinesis.read_ahead.messages", Kind.GAUGE, shard, s.heldMessages()));
        out.add(new Reading("mq.kinesis.read.throttles", Kind.COUNTER, shard, s.throttles()));
      }
    }
    return out;
  }

  @Override
  public List<String> problems() {
    List<String> out = new ArrayList<>();
    for (GroupEngine e : runningEngines()) {
      for (ShardStats s : e.shardStats()) {
        if (s.failuresInARow() >= STUCK_READER_FAILURES) {
          out.add("the reader of shard " + s.shardId() + " of stream " + e.stream() + " (group "
              + e.group() + ") failed or was throttled " + s.failuresInARow() + " times in a row");
        }
      }
      for (String shard : e.unrenewedLeases()) {
        out.add("the lease of shard " + shard + " of stream " + e.stream() + " (group " + e.group()
            + ") could not be renewed at the last attempt; it is given up if renewals keep failing");
      }
    }
    return out;
  }

  @Override
  public int maxDeliveryAttempts() {
    return settings.maxDeliveryAttempts();
  }

  @Override
  public Optional<String> deadLetterQueue(String queue) {
    return settings.deadLetterQueue(queue);
  }

  private synchronized List<GroupEngine> runningEngines() {
    return new ArrayList<>(engines.values());
  }

  @Override
  public String toString() {
    return "KinesisBroker[" + config + "]";
  }

  private static ThreadFactory daemonThreads() {
    return DaemonThreads.factory("mq-kinesis-" + BROKERS.incrementAndGet());
  }
}
