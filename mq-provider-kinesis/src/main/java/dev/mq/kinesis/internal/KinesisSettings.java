package dev.mq.kinesis.internal;

import dev.mq.ConfigurationException;
import dev.mq.kinesis.internal.consumer.ConsumerSettings;
import dev.mq.kinesis.internal.consumer.InitialPosition;
import dev.mq.kinesis.internal.fanout.ConsumerNames;
import dev.mq.spi.Names;
import dev.mq.spi.ProviderConfig;
import dev.mq.spi.RetryPolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every {@code mq.kinesis.*} setting, read and checked once at connect. Never holds or prints the
 * secret access key in {@link #toString()}.
 */
public final class KinesisSettings {

  /** Keys of this class, relative to {@code mq.kinesis.}. */
  public static final String REGION = "region";
  public static final String ENDPOINT = "endpoint";
  public static final String ACCESS_KEY_ID = "access-key-id";
  public static final String SECRET_ACCESS_KEY = "secret-access-key";
  public static final String STREAM_PREFIX = "stream-prefix";
  public static final String CREATE_STREAMS = "create-streams";
  public static final String SHARDS = "shards";
  public static final String STREAM_READY_TIMEOUT = "stream-ready-timeout";
  public static final String CONSUMER_GROUP = "consumer-group";
  public static final String INITIAL_POSITION = "initial-position";
  public static final String CHECKPOINT_STORE = "checkpoint-store";
  public static final String CHECKPOINT_INTERVAL = "checkpoint-interval";
  public static final String POLL_INTERVAL = "poll-interval";
  public static final String READ_AHEAD_RECORDS = "read-ahead-records";
  public static final String READ_AHEAD_BYTES = "read-ahead-bytes";
  public static final String SHARD_DISCOVERY_INTERVAL = "shard-discovery-interval";
  public static final String MAX_RECORDS_PER_CALL = "max-records-per-call";
  public static final String REQUEST_TIMEOUT = "request-timeout";
  public static final String READ_BACKOFF_MAX = "read-backoff-max";
  public static final String THREADS = "threads";
  public static final String RETRIEVAL = "retrieval";
  public static final String FAN_OUT_SUBSCRIPTION_LIFETIME = "fan-out-subscription-lifetime";

  /** The keys above, relative to the namespace. */
  public static final Set<String> KEYS = Set.of(REGION, ENDPOINT, ACCESS_KEY_ID, SECRET_ACCESS_KEY,
      STREAM_PREFIX, CREATE_STREAMS, SHARDS, STREAM_READY_TIMEOUT, CONSUMER_GROUP, INITIAL_POSITION,
      CHECKPOINT_STORE, CHECKPOINT_INTERVAL, POLL_INTERVAL, READ_AHEAD_RECORDS, READ_AHEAD_BYTES,
      SHARD_DISCOVERY_INTERVAL, MAX_RECORDS_PER_CALL, REQUEST_TIMEOUT, READ_BACKOFF_MAX, THREADS,
      RETRIEVAL, FAN_OUT_SUBSCRIPTION_LIFETIME);

  /** The secret keys. */
  public static final Set<String> SECRET_KEYS = Set.of(ACCESS_KEY_ID, SECRET_ACCESS_KEY);

  /** Characters Kinesis allows in a stream name. */
  public static final Pattern STREAM_NAME = Pattern.compile("[a-zA-Z0-9_.-]{1,128}");

  public static final String DEFAULT_GROUP = "default";
  public static final String DEFAULT_CHECKPOINT_STORE = "file";
  public static final int DEFAULT_SHARDS = 1;
  public static final Duration DEFAULT_STREAM_READY_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(1);
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
  public static final int DEFAULT_READ_AHEAD_RECORDS = 10_000;
  public static final long DEFAULT_READ_AHEAD_BYTES = 8L * 1024 * 1024;
  public static final Duration DEFAULT_SHARD_DISCOVERY_INTERVAL = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_RECORDS_PER_CALL = 10_000;
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_READ_BACKOFF_MAX = Duration.ofSeconds(10);
  public static final int DEFAULT_THREADS = 4;
  /** Renews a SubscribeToShard well before Kinesis ends it after 5 minutes. */
  public static final Duration DEFAULT_FAN_OUT_SUBSCRIPTION_LIFETIME = Duration.ofMinutes(4);

  /** How shard readers get records. */
  public enum Retrieval {
    /** GetShardIterator and GetRecords (shared throughput). */
    POLLING("polling"),
    /** Enhanced fan-out: a registered stream consumer per group, SubscribeToShard over HTTP/2. */
    FAN_OUT("fan-out");

    private final String value;

    Retrieval(String value) {
      this.value = value;
    }

    /** The configuration value. */
    public String value() {
      return value;
    }
  }

  private final ProviderConfig config;
  private final Optional<String> region;
  private final Optional<URI> endpoint;
  private final Optional<String> accessKeyId;
  private final String streamPrefix;
  private final boolean createStreams;
  private final int shards;
  private final Duration streamReadyTimeout;
  private final String consumerGroup;
  private final InitialPosition initialPosition;
  private final String checkpointStore;
  private final Duration checkpointInterval;
  private final Duration pollInterval;
  private final int readAheadRecords;
  private final long readAheadBytes;
  private final Duration shardDiscoveryInterval;
  private final int maxRecordsPerCall;
  private final Duration requestTimeout;
  private final Duration readBackoffMax;
  private final int threads;
  private final int maxDeliveryAttempts;
  private final RetryPolicy retryPolicy;
  private final Retrieval retrieval;
  private final Duration fanOutSubscriptionLifetime;

  /**
   * Reads and checks every setting.
   *
   * @throws ConfigurationException naming the key and value of a malformed setting
   */
  public KinesisSettings(ProviderConfig config) {
    this.config = config;
    this.region = config.string(REGION).filter(s -> !s.isEmpty());
    region.ifPresent(r -> {
      if (!r.matches("[a-z0-9-]{1,64}")) {
        throw malformed(REGION, r, "an AWS region name such as us-east-1");
      }
    });
    this.endpoint = config.string(ENDPOINT).filter(s -> !s.isEmpty()).map(this::parseEndpoint);
    this.accessKeyId = config.string(ACCESS_KEY_ID).filter(s -> !s.isEmpty());
    boolean hasSecret = config.string(SECRET_ACCESS_KEY).filter(s -> !s.isEmpty()).isPresent();
    if (accessKeyId.isPresent() != hasSecret) {
      throw new ConfigurationException("configuration keys " + config.fullKey(ACCESS_KEY_ID) + " and "
          + config.fullKey(SECRET_ACCESS_KEY) + " must be set together (or neither, for the AWS "
          + "default credentials chain); only " + config.fullKey(hasSecret ? SECRET_ACCESS_KEY : ACCESS_KEY_ID)
          + " is set");
    }
    this.streamPrefix = config.string(STREAM_PREFIX, "");
    if (!streamPrefix.isEmpty() && !STREAM_NAME.matcher(streamPrefix).matches()) {
      throw malformed(STREAM_PREFIX, streamPrefix, "letters, digits, '_', '.' and '-' only");
    }
    this.createStreams = config.booleanValue(CREATE_STREAMS, false);
    this.shards = config.intValue(SHARDS, DEFAULT_SHARDS, 1, 10_000);
    this.streamReadyTimeout = config.duration(STREAM_READY_TIMEOUT, DEFAULT_STREAM_READY_TIMEOUT,
        Duration.ofSeconds(1), Duration.ofHours(1));
    this.consumerGroup = config.string(CONSUMER_GROUP, DEFAULT_GROUP);
    if (!Names.isValid(consumerGroup)) {
      throw malformed(CONSUMER_GROUP, consumerGroup, Names.RULE);
    }
    this.initialPosition = config.string(INITIAL_POSITION)
        .map(v -> InitialPosition.parse(config.fullKey(INITIAL_POSITION), v))
        .orElse(InitialPosition.TRIM_HORIZON);
    this.checkpointStore = config.string(CHECKPOINT_STORE, DEFAULT_CHECKPOINT_STORE);
    this.checkpointInterval = config.duration(CHECKPOINT_INTERVAL, DEFAULT_CHECKPOINT_INTERVAL,
        Duration.ZERO, Duration.ofHours(1));
    this.pollInterval = config.duration(POLL_INTERVAL, DEFAULT_POLL_INTERVAL,
        Duration.ofMillis(200), Duration.ofMinutes(5));
    this.readAheadRecords = config.intValue(READ_AHEAD_RECORDS, DEFAULT_READ_AHEAD_RECORDS, 1, 1_000_000);
    this.readAheadBytes = config.longValue(READ_AHEAD_BYTES, DEFAULT_READ_AHEAD_BYTES, 1024, 1L << 34);
    this.shardDiscoveryInterval = config.duration(SHARD_DISCOVERY_INTERVAL,
        DEFAULT_SHARD_DISCOVERY_INTERVAL, Duration.ofMillis(100), Duration.ofHours(24));
    this.maxRecordsPerCall = config.intValue(MAX_RECORDS_PER_CALL, DEFAULT_MAX_RECORDS_PER_CALL, 1, 10_000);
    this.requestTimeout = config.duration(REQUEST_TIMEOUT, DEFAULT_REQUEST_TIMEOUT,
        Duration.ofMillis(100), Duration.ofMinutes(10));
    this.readBackoffMax = config.duration(READ_BACKOFF_MAX, DEFAULT_READ_BACKOFF_MAX,
        Duration.ofMillis(200), Duration.ofMinutes(10));
    this.threads = config.intValue(THREADS, DEFAULT_THREADS, 1, 256);
    this.maxDeliveryAttempts = config.maxDeliveryAttempts();
    this.retryPolicy = config.retryPolicy();
    // a template that cannot give a valid name even for a short queue is a typo: fail at connect,
    // not at the first reject (SPEC 1.5)
    deadLetterQueue("q");
    this.retrieval = parseRetrieval(config.string(RETRIEVAL, Retrieval.POLLING.value()));
    this.fanOutSubscriptionLifetime = config.duration(FAN_OUT_SUBSCRIPTION_LIFETIME,
        // below 5 s every renewal would meet ResourceInUseException (one subscription per 5 s)
        DEFAULT_FAN_OUT_SUBSCRIPTION_LIFETIME, Duration.ofSeconds(5), Duration.ofMinutes(5));
    if (retrieval == Retrieval.FAN_OUT && !ConsumerNames.isValidGroup(consumerGroup)) {
      throw malformed(CONSUMER_GROUP, consumerGroup, "with " + config.fullKey(RETRIEVAL) + "=fan-out, "
          + ConsumerNames.RULE);
    }
  }

  private Retrieval parseRetrieval(String raw) {
    for (Retrieval r : Retrieval.values()) {
      if (r.value().equals(raw)) {
        return r;
      }
    }
    throw malformed(RETRIEVAL, raw, "polling or fan-out");
  }

  private URI parseEndpoint(String raw) {
    try {
      URI uri = new URI(raw);
      if (uri.getScheme() == null || uri.getHost() == null
          || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
        throw malformed(ENDPOINT, raw, "an http:// or https:// URL");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw malformed(ENDPOINT, raw, "an http:// or https:// URL");
    }
  }

  private ConfigurationException malformed(String key, String value, String expected) {
    return config.malformed(key, value, expected);
  }

  /** The whole provider configuration, for the checkpoint store and the producer. */
  public ProviderConfig config() {
    return config;
  }

  /** The stream behind a queue: prefix + name. */
  public String streamName(String queue) {
    return streamPrefix + queue;
  }

  /** True when {@code queue} maps to a valid stream name. */
  public boolean isValidQueueName(String queue) {
    return queue != null && !queue.isEmpty() && STREAM_NAME.matcher(streamName(queue)).matches();
  }

  public Optional<String> region() {
    return region;
  }

  public Optional<URI> endpoint() {
    return endpoint;
  }

  public Optional<String> accessKeyId() {
    return accessKeyId;
  }

  /** The secret key; read straight from the configuration so that this object never holds it. */
  public Optional<String> secretAccessKey() {
    return config.string(SECRET_ACCESS_KEY).filter(s -> !s.isEmpty());
  }

  public String streamPrefix() {
    return streamPrefix;
  }

  public boolean createStreams() {
    return createStreams;
  }

  public int shards() {
    return shards;
  }

  public Duration streamReadyTimeout() {
    return streamReadyTimeout;
  }

  public String consumerGroup() {
    return consumerGroup;
  }

  public InitialPosition initialPosition() {
    return initialPosition;
  }

  /** What the consumer package needs of these settings. */
  public ConsumerSettings consumerSettings() {
    return new ConsumerSettings(initialPosition, checkpointInterval, shardDiscoveryInterval,
        pollInterval, maxRecordsPerCall, readAheadRecords, readAheadBytes, readBackoffMax);
  }

  public String checkpointStore() {
    return checkpointStore;
  }

  public Duration checkpointInterval() {
    return checkpointInterval;
  }

  public Duration pollInterval() {
    return pollInterval;
  }

  public int readAheadRecords() {
    return readAheadRecords;
  }

  public long readAheadBytes() {
    return readAheadBytes;
  }

  public Duration shardDiscoveryInterval() {
    return shardDiscoveryInterval;
  }

  public int maxRecordsPerCall() {
    return maxRecordsPerCall;
  }

  public Duration requestTimeout() {
    return requestTimeout;
  }

  public Duration readBackoffMax() {
    return readBackoffMax;
  }

  public int threads() {
    return threads;
  }

  public int maxDeliveryAttempts() {
    return maxDeliveryAttempts;
  }

  /** {@code mq.retry.*}: how long a requeued message waits. */
  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  /** How shard readers get records. */
  public Retrieval retrieval() {
    return retrieval;
  }

  /** How long a fan-out subscription lives before it is renewed (Kinesis ends it after 5 minutes). */
  public Duration fanOutSubscriptionLifetime() {
    return fanOutSubscriptionLifetime;
  }

  /**
   * The dead-letter queue of {@code queue}, if configured.
   *
   * @throws ConfigurationException if the template gives an invalid queue name for it
   */
  public Optional<String> deadLetterQueue(String queue) {
    return config.deadLetterQueue(queue, this::isValidQueueName, Names.rule(128 - streamPrefix.length())
        + " (with the stream prefix '" + streamPrefix + "', a stream name of 1 to 128)");
  }

  @Override
  public String toString() {
    return "KinesisSettings[region=" + region.orElse("(default chain)")
        + ", endpoint=" + endpoint.map(URI::toString).orElse("(default)")
        + ", credentials=" + (accessKeyId.isPresent() ? "static" : "default chain")
        + ", streamPrefix=" + streamPrefix + ", createStreams=" + createStreams
        + ", consumerGroup=" + consumerGroup + ", initialPosition=" + initialPosition
        + ", checkpointStore=" + checkpointStore + ", retrieval=" + retrieval.value() + "]";
  }
}
