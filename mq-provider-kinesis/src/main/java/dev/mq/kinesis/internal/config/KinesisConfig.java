package dev.mq.kinesis.internal.config;

import dev.mq.ConfigurationException;
import dev.mq.spi.Names;
import dev.mq.spi.ProviderConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every {@code mq.kinesis.*} key: the only place where key names, defaults and bounds are
 * defined and values parsed and checked. The constructor reads the groups every broker needs
 * ({@link #connection()}, {@link #streams()}, {@link #read()}, {@link #producer()}) at connect;
 * the keys of one checkpoint store are read by that store's factory only, through
 * {@link #checkpointDirectory} and {@link #leaseTable}, so that a malformed key of a store not
 * chosen is ignored. The class stays one (over 350 lines) because its point is to be
 * the single list of keys; each group it hands out is a small immutable class. Never holds or
 * prints the secret access key.
 */
public final class KinesisConfig {

  // connection: ConnectionSettings
  /**
   * {@code region}: the AWS region of the Kinesis client (and of the DynamoDB one unless
   * {@code dynamodb-region} is set).
   */
  public static final String REGION = "region";
  /** {@code endpoint}: the Kinesis endpoint URL, instead of the region's. */
  public static final String ENDPOINT = "endpoint";
  /** {@code access-key-id}: static credentials, set together with {@code secret-access-key}. */
  public static final String ACCESS_KEY_ID = "access-key-id";
  /** {@code secret-access-key}: the secret of the static credentials; never held or printed. */
  public static final String SECRET_ACCESS_KEY = "secret-access-key";
  /** {@code request-timeout}: the bound of one AWS call. */
  public static final String REQUEST_TIMEOUT = "request-timeout";
  /** {@code threads}: the broker's scheduler threads. */
  public static final String THREADS = "threads";
  // streams: StreamSettings
  /** {@code stream-prefix}: put before every queue name to give its stream name. */
  public static final String STREAM_PREFIX = "stream-prefix";
  /** {@code create-streams}: whether a missing stream is created instead of refused. */
  public static final String CREATE_STREAMS = "create-streams";
  /** {@code shards}: the shard count of a created stream. */
  public static final String SHARDS = "shards";
  /** {@code stream-mode}: the capacity mode of created streams. */
  public static final String STREAM_MODE = "stream-mode";
  /** {@code stream-arns}: queues read or written through a stream ARN instead of a name. */
  public static final String STREAM_ARNS = "stream-arns";
  /** {@code stream-ready-timeout}: how long to wait for a stream to become ACTIVE. */
  public static final String STREAM_READY_TIMEOUT = "stream-ready-timeout";
  /** {@code consumer-group}: the group of a queue opened without one. */
  public static final String CONSUMER_GROUP = "consumer-group";
  // read: ReadSettings
  /** {@code initial-position}: where a group without a checkpoint starts a shard. */
  public static final String INITIAL_POSITION = "initial-position";
  /**
   * {@code checkpoint-interval}: how long acknowledgements are gathered before a checkpoint write.
   */
  public static final String CHECKPOINT_INTERVAL = "checkpoint-interval";
  /** {@code poll-interval}: the pause of a polling reader that is caught up. */
  public static final String POLL_INTERVAL = "poll-interval";
  /** {@code read-ahead-records}: the most records read ahead per shard. */
  public static final String READ_AHEAD_RECORDS = "read-ahead-records";
  /** {@code read-ahead-bytes}: the most bytes read ahead per shard. */
  public static final String READ_AHEAD_BYTES = "read-ahead-bytes";
  /** {@code shard-discovery-interval}: how often the shards are listed. */
  public static final String SHARD_DISCOVERY_INTERVAL = "shard-discovery-interval";
  /** {@code max-records-per-call}: the most records one GetRecords call asks for. */
  public static final String MAX_RECORDS_PER_CALL = "max-records-per-call";
  /** {@code read-backoff-max}: the longest back-off after read errors or throttling. */
  public static final String READ_BACKOFF_MAX = "read-backoff-max";
  /** {@code retrieval}: polling or enhanced fan-out. */
  public static final String RETRIEVAL = "retrieval";
  /**
   * {@code fan-out-subscription-lifetime}: how long a fan-out subscription lives before it is renewed.
   */
  public static final String FAN_OUT_SUBSCRIPTION_LIFETIME = "fan-out-subscription-lifetime";
  // producer: ProducerSettings
  /** {@code producer-linger}: how long a record may wait for others to share its request. */
  public static final String PRODUCER_LINGER = "producer-linger";
  /** {@code producer-max-records-per-request}: records per PutRecords request. */
  public static final String PRODUCER_MAX_RECORDS_PER_REQUEST = "producer-max-records-per-request";
  /**
   * {@code producer-max-bytes-per-request}: bytes (data plus partition keys) per PutRecords request.
   */
  public static final String PRODUCER_MAX_BYTES_PER_REQUEST = "producer-max-bytes-per-request";
  /** {@code max-record-bytes}: bytes (data plus partition key) of one record. */
  public static final String MAX_RECORD_BYTES = "max-record-bytes";
  /** {@code producer-max-attempts}: attempts per record, the first included. */
  public static final String PRODUCER_MAX_ATTEMPTS = "producer-max-attempts";
  /**
   * {@code producer-max-retry-time}: time from a record's submission after which it is not retried.
   */
  public static final String PRODUCER_MAX_RETRY_TIME = "producer-max-retry-time";
  /** {@code producer-base-backoff}: back-off before the first retry. */
  public static final String PRODUCER_BASE_BACKOFF = "producer-base-backoff";
  /** {@code producer-max-backoff}: the longest back-off between retries. */
  public static final String PRODUCER_MAX_BACKOFF = "producer-max-backoff";
  /** {@code producer-max-concurrent-requests}: PutRecords requests in flight at once. */
  public static final String PRODUCER_MAX_CONCURRENT_REQUESTS = "producer-max-concurrent-requests";
  /** {@code producer-max-buffered-records}: records accepted but not yet written or failed. */
  public static final String PRODUCER_MAX_BUFFERED_RECORDS = "producer-max-buffered-records";
  /**
   * {@code producer-max-buffered-bytes}: bytes of the records accepted but not yet written or failed.
   */
  public static final String PRODUCER_MAX_BUFFERED_BYTES = "producer-max-buffered-bytes";
  /** {@code producer-buffer-full-wait}: how long a push waits for buffer space. */
  public static final String PRODUCER_BUFFER_FULL_WAIT = "producer-buffer-full-wait";
  /** {@code producer-close-timeout}: how long close waits for buffered records to be written. */
  public static final String PRODUCER_CLOSE_TIMEOUT = "producer-close-timeout";
  /** {@code record-format}: what pushed records hold: the envelope or the plain body. */
  public static final String RECORD_FORMAT = "record-format";
  // checkpoint: the store, its directory (file) or lease table (dynamodb): LeaseTableSettings
  /** {@code checkpoint-store}: the name of the checkpoint store. */
  public static final String CHECKPOINT_STORE = "checkpoint-store";
  /** {@code checkpoint-dir}: the directory of the {@code file} checkpoint store. */
  public static final String CHECKPOINT_DIR = "checkpoint-dir";
  /** {@code lease-table}: the lease table of the {@code dynamodb} checkpoint store. */
  public static final String LEASE_TABLE = "lease-table";
  /** {@code create-lease-table}: whether a missing lease table is created instead of refused. */
  public static final String CREATE_LEASE_TABLE = "create-lease-table";
  /** {@code dynamodb-endpoint}: the DynamoDB endpoint URL, instead of the region's. */
  public static final String DYNAMODB_ENDPOINT = "dynamodb-endpoint";
  /** {@code dynamodb-region}: the region of the lease table when it differs from {@code region}. */
  public static final String DYNAMODB_REGION = "dynamodb-region";
  // lease: LeaseSettings
  /** {@code lease-failover-time}: a lease whose counter stood still this long is expired. */
  public static final String LEASE_FAILOVER_TIME = "lease-failover-time";
  /** {@code lease-renew-interval}: how often a holder raises the counters of its leases. */
  public static final String LEASE_RENEW_INTERVAL = "lease-renew-interval";
  /** {@code lease-balance-interval}: how often a worker reads the table to take or steal leases. */
  public static final String LEASE_BALANCE_INTERVAL = "lease-balance-interval";
  /** {@code lease-max-steals}: the most leases a worker steals in one balancing round. */
  public static final String LEASE_MAX_STEALS = "lease-max-steals";
  // KCL import: KclImportSettings
  /**
   * {@code kcl-lease-table}: the lease table of a KCL application whose checkpoints a new group imports.
   */
  public static final String KCL_LEASE_TABLE = "kcl-lease-table";
  /**
   * {@code kcl-failover-time}: the KCL application's failover time, to tell whether it still runs.
   */
  public static final String KCL_FAILOVER_TIME = "kcl-failover-time";

  /** The keys of the {@code file} checkpoint store. */
  public static final Set<String> FILE_STORE_KEYS = Set.of(CHECKPOINT_DIR);
  /** The keys of the {@code dynamodb} checkpoint store. */
  public static final Set<String> DYNAMODB_STORE_KEYS = Set.of(LEASE_TABLE, CREATE_LEASE_TABLE,
      DYNAMODB_ENDPOINT, DYNAMODB_REGION, LEASE_FAILOVER_TIME, LEASE_RENEW_INTERVAL,
      LEASE_BALANCE_INTERVAL, LEASE_MAX_STEALS);
  /** The keys of the producer. */
  public static final Set<String> PRODUCER_KEYS = Set.of(PRODUCER_LINGER,
      PRODUCER_MAX_RECORDS_PER_REQUEST, PRODUCER_MAX_BYTES_PER_REQUEST, MAX_RECORD_BYTES,
      PRODUCER_MAX_ATTEMPTS, PRODUCER_MAX_RETRY_TIME, PRODUCER_BASE_BACKOFF, PRODUCER_MAX_BACKOFF,
      PRODUCER_MAX_CONCURRENT_REQUESTS, PRODUCER_MAX_BUFFERED_RECORDS, PRODUCER_MAX_BUFFERED_BYTES,
      PRODUCER_BUFFER_FULL_WAIT, PRODUCER_CLOSE_TIMEOUT, RECORD_FORMAT);
  /** Every key above, relative to {@code mq.kinesis.}: an unknown {@code mq.kinesis.*} key is an error. */
  public static final Set<String> KEYS = union(Set.of(REGION, ENDPOINT, ACCESS_KEY_ID,
      SECRET_ACCESS_KEY, REQUEST_TIMEOUT, THREADS, STREAM_PREFIX, CREATE_STREAMS, SHARDS,
      STREAM_MODE, STREAM_ARNS,
      STREAM_READY_TIMEOUT, CONSUMER_GROUP, INITIAL_POSITION, CHECKPOINT_INTERVAL, POLL_INTERVAL,
      READ_AHEAD_RECORDS, READ_AHEAD_BYTES, SHARD_DISCOVERY_INTERVAL, MAX_RECORDS_PER_CALL,
      READ_BACKOFF_MAX, RETRIEVAL, FAN_OUT_SUBSCRIPTION_LIFETIME, CHECKPOINT_STORE,
      KCL_LEASE_TABLE, KCL_FAILOVER_TIME),
      PRODUCER_KEYS, FILE_STORE_KEYS, DYNAMODB_STORE_KEYS);
  /** The secret keys: their values are masked wherever the configuration is shown. */
  public static final Set<String> SECRET_KEYS = Set.of(ACCESS_KEY_ID, SECRET_ACCESS_KEY);

  /** Characters Kinesis allows in a stream name. */
  static final Pattern STREAM_NAME = Pattern.compile("[a-zA-Z0-9_.-]{1,128}");
  private static final String REGION_NAME = "[a-z0-9-]{1,64}";
  private static final String TABLE_NAME = "[a-zA-Z0-9_.-]{3,255}";

  static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
  static final int DEFAULT_THREADS = 4;
  static final int DEFAULT_SHARDS = 1;
  static final Duration DEFAULT_STREAM_READY_TIMEOUT = Duration.ofSeconds(60);
  static final String DEFAULT_GROUP = "default";
  static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(1);
  static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
  static final int DEFAULT_READ_AHEAD_RECORDS = 10_000;
  static final long DEFAULT_READ_AHEAD_BYTES = 8L * 1024 * 1024;
  static final Duration DEFAULT_SHARD_DISCOVERY_INTERVAL = Duration.ofSeconds(10);
  static final int DEFAULT_MAX_RECORDS_PER_CALL = 10_000;
  static final Duration DEFAULT_READ_BACKOFF_MAX = Duration.ofSeconds(10);
  /** Renews a SubscribeToShard well before Kinesis ends it after 5 minutes. */
  static final Duration DEFAULT_FAN_OUT_SUBSCRIPTION_LIFETIME = Duration.ofMinutes(4);

  /** Kinesis's own limit on records per PutRecords request. */
  static final int KINESIS_MAX_RECORDS_PER_REQUEST = 500;
  /** Kinesis's own limit on a PutRecords request: data plus partition keys. */
  static final long KINESIS_MAX_BYTES_PER_REQUEST = 5L * 1024 * 1024;
  /** Kinesis's default limit on one record (data plus partition key): the default of max-record-bytes. */
  public static final int DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;
  static final Duration DEFAULT_PRODUCER_LINGER = Duration.ofMillis(5);
  static final int DEFAULT_PRODUCER_MAX_ATTEMPTS = 10;
  static final Duration DEFAULT_PRODUCER_MAX_RETRY_TIME = Duration.ofSeconds(30);
  static final Duration DEFAULT_PRODUCER_BASE_BACKOFF = Duration.ofMillis(50);
  static final Duration DEFAULT_PRODUCER_MAX_BACKOFF = Duration.ofSeconds(2);
  static final int DEFAULT_PRODUCER_MAX_CONCURRENT_REQUESTS = 8;
  static final int DEFAULT_PRODUCER_MAX_BUFFERED_RECORDS = 10_000;
  static final long DEFAULT_PRODUCER_MAX_BUFFERED_BYTES = 64L * 1024 * 1024;
  static final Duration DEFAULT_PRODUCER_BUFFER_FULL_WAIT = Duration.ofSeconds(10);
  static final Duration DEFAULT_PRODUCER_CLOSE_TIMEOUT = Duration.ofSeconds(10);
  /** The producer's bound on request-timeout, below the key's own 10 min. */
  private static final Duration PRODUCER_MAX_REQUEST_TIMEOUT = Duration.ofMinutes(5);

  static final String DEFAULT_CHECKPOINT_STORE = "file";
  static final String DEFAULT_LEASE_TABLE = "mq-kinesis-leases";
  static final Duration DEFAULT_LEASE_FAILOVER_TIME = Duration.ofSeconds(10);
  static final int DEFAULT_LEASE_MAX_STEALS = 1;
  /** The KCL's own default {@code failoverTimeMillis}. */
  static final Duration DEFAULT_KCL_FAILOVER_TIME = Duration.ofSeconds(10);

  private final ConnectionSettings connection;
  private final StreamSettings streams;
  private final ReadSettings read;
  private final String checkpointStore;
  private final ProducerSettings producer;
  private final Optional<KclImportSettings> kclImport;

  /**
   * Reads and checks every key but those of the checkpoint stores.
   *
   * @param config the {@code mq.kinesis.*} keys
   * @throws ConfigurationException naming the key and value of a malformed setting
   */
  public KinesisConfig(ProviderConfig config) {
    this.connection = parseConnection(config);
    String streamPrefix = config.string(STREAM_PREFIX, "");
    if (!streamPrefix.isEmpty() && !STREAM_NAME.matcher(streamPrefix).matches()) {
      throw malformed(config, STREAM_PREFIX, streamPrefix, "letters, digits, '_', '.' and '-' only");
    }
    boolean createStreams = config.booleanValue(CREATE_STREAMS, false);
    int shards = config.intValue(SHARDS, DEFAULT_SHARDS, 1, 10_000);
    StreamMode streamMode = config.enumValue(STREAM_MODE, StreamMode.class, StreamMode.PROVISIONED);
    Duration streamReadyTimeout = config.duration(STREAM_READY_TIMEOUT, DEFAULT_STREAM_READY_TIMEOUT,
        Duration.ofSeconds(1), Duration.ofHours(1));
    String consumerGroup = config.string(CONSUMER_GROUP, DEFAULT_GROUP);
    if (!Names.isValid(consumerGroup)) {
      throw malformed(config, CONSUMER_GROUP, consumerGroup, Names.RULE);
    }
    InitialPosition initialPosition = config.string(INITIAL_POSITION)
        .map(v -> InitialPosition.parse(config.fullKey(INITIAL_POSITION), v))
        .orElse(InitialPosition.TRIM_HORIZON);
    this.checkpointStore = config.string(CHECKPOINT_STORE, DEFAULT_CHECKPOINT_STORE);
    Duration checkpointInterval = config.duration(CHECKPOINT_INTERVAL, DEFAULT_CHECKPOINT_INTERVAL,
        Duration.ZERO, Duration.ofHours(1));
    Duration pollInterval = config.duration(POLL_INTERVAL, DEFAULT_POLL_INTERVAL,
        Duration.ofMillis(200), Duration.ofMinutes(5));
    int readAheadRecords = config.intValue(READ_AHEAD_RECORDS, DEFAULT_READ_AHEAD_RECORDS, 1, 1_000_000);
    long readAheadBytes = config.longValue(READ_AHEAD_BYTES, DEFAULT_READ_AHEAD_BYTES, 1024, 1L << 34);
    Duration shardDiscoveryInterval = config.duration(SHARD_DISCOVERY_INTERVAL,
        DEFAULT_SHARD_DISCOVERY_INTERVAL, Duration.ofMillis(100), Duration.ofHours(24));
    int maxRecordsPerCall = config.intValue(MAX_RECORDS_PER_CALL, DEFAULT_MAX_RECORDS_PER_CALL, 1, 10_000);
    Duration readBackoffMax = config.duration(READ_BACKOFF_MAX, DEFAULT_READ_BACKOFF_MAX,
        Duration.ofMillis(200), Duration.ofMinutes(10));
    this.streams = new StreamSettings(config, streamPrefix, createStreams, shards, streamMode,
        StreamArns.parse(config, STREAM_ARNS, config.string(STREAM_ARNS, ""), connection.region()),
        streamReadyTimeout,
        consumerGroup, config.maxDeliveryAttempts(), config.retryPolicy());
    // a template that cannot give a valid name even for a short queue is a typo: fail at connect,
    // not at the first reject (SPEC 1.5)
    streams.deadLetterQueue("q");
    Retrieval retrieval = retrieval(config, config.string(RETRIEVAL, Retrieval.POLLING.value()));
    Duration fanOutSubscriptionLifetime = config.duration(FAN_OUT_SUBSCRIPTION_LIFETIME,
        // below 5 s every renewal would meet ResourceInUseException (one subscription per 5 s)
        DEFAULT_FAN_OUT_SUBSCRIPTION_LIFETIME, Duration.ofSeconds(5), Duration.ofMinutes(5));
    this.read = new ReadSettings(initialPosition, checkpointInterval, shardDiscoveryInterval,
        pollInterval, maxRecordsPerCall, readAheadRecords, readAheadBytes, readBackoffMax, retrieval,
        fanOutSubscriptionLifetime);
    this.producer = producer(config, connection.requestTimeout());
    this.kclImport = kclImport(config);
  }

  /** {@return region, endpoint, credentials, request timeout and threads} */
  public ConnectionSettings connection() {
    return connection;
  }

  /** {@return stream naming and creation, the default group, dead letters and delivery limits} */
  public StreamSettings streams() {
    return streams;
  }

  /**
   * {@return the reading settings: start position, polling or fan-out, read-ahead, checkpoint
   * interval}
   */
  public ReadSettings read() {
    return read;
  }

  /** {@return the writing settings: batching, retries, buffer} */
  public ProducerSettings producer() {
    return producer;
  }

  /**
   * {@return where groups without checkpoints take their starts from}; empty without
   * {@code kcl-lease-table}
   */
  public Optional<KclImportSettings> kclImport() {
    return kclImport;
  }

  /** {@return {@code checkpoint-store}, the name of the checkpoint store}; default {@code file} */
  public String checkpointStore() {
    return checkpointStore;
  }

  /** {@return the full name of {@code checkpoint-store}}, for errors */
  public String checkpointStoreKey() {
    return streams.fullKey(CHECKPOINT_STORE);
  }

  /**
   * The connection group alone, e.g. for a checkpoint store's own client.
   *
   * @param config the {@code mq.kinesis.*} keys
   * @return the connection settings
   * @throws ConfigurationException naming the key and value of a malformed setting
   */
  public static ConnectionSettings connection(ProviderConfig config) {
    return parseConnection(config);
  }

  private static ConnectionSettings parseConnection(ProviderConfig config) {
    Optional<String> region = config.string(REGION).filter(s -> !s.isEmpty());
    region.ifPresent(r -> {
      if (!r.matches(REGION_NAME)) {
        throw malformed(config, REGION, r, "an AWS region name such as us-east-1");
      }
    });
    Optional<URI> endpoint = config.string(ENDPOINT).filter(s -> !s.isEmpty())
        .map(raw -> endpoint(config, ENDPOINT, raw));
    Optional<String> accessKeyId = config.string(ACCESS_KEY_ID).filter(s -> !s.isEmpty());
    boolean hasSecret = config.string(SECRET_ACCESS_KEY).filter(s -> !s.isEmpty()).isPresent();
    if (accessKeyId.isPresent() != hasSecret) {
      throw new ConfigurationException("configuration keys " + config.fullKey(ACCESS_KEY_ID) + " and "
          + config.fullKey(SECRET_ACCESS_KEY) + " must be set together (or neither, for the AWS "
          + "default credentials chain); only " + config.fullKey(hasSecret ? SECRET_ACCESS_KEY : ACCESS_KEY_ID)
          + " is set");
    }
    Duration requestTimeout = config.duration(REQUEST_TIMEOUT, DEFAULT_REQUEST_TIMEOUT,
        Duration.ofMillis(100), Duration.ofMinutes(10));
    int threads = config.intValue(THREADS, DEFAULT_THREADS, 1, 256);
    return new ConnectionSettings(config, region, endpoint, accessKeyId, requestTimeout, threads);
  }

  /**
   * {@code checkpoint-dir} of the {@code file} store: a directory path; default
   * {@code ~/.mq/kinesis-checkpoints}.
   *
   * @param config the {@code mq.kinesis.*} keys
   * @return the directory, not checked for existence
   * @throws ConfigurationException if the value is not a path
   */
  public static Path checkpointDirectory(ProviderConfig config) {
    Path dir = Path.of(System.getProperty("user.home"), ".mq", "kinesis-checkpoints");
    String raw = config.string(CHECKPOINT_DIR).orElse(null);
    if (raw != null) {
      try {
        if (raw.isEmpty()) {
          throw new InvalidPathException(raw, "empty");
        }
        dir = Path.of(raw);
      } catch (InvalidPathException e) {
        ConfigurationException malformed = config.malformed(CHECKPOINT_DIR, raw, "a directory path");
        malformed.initCause(e);
        throw malformed;
      }
    }
    return dir;
  }

  /**
   * The keys of the {@code dynamodb} store: its lease table and the lease timings.
   *
   * @param config the {@code mq.kinesis.*} keys
   * @return the lease table settings
   * @throws ConfigurationException naming the key and value of a malformed setting
   */
  public static LeaseTableSettings leaseTable(ProviderConfig config) {
    String table = config.string(LEASE_TABLE, DEFAULT_LEASE_TABLE);
    if (!table.matches(TABLE_NAME)) {
      throw malformed(config, LEASE_TABLE, table, "a DynamoDB table name: 3 to 255 letters, digits, '_', '.' and '-'");
    }
    boolean create = config.booleanValue(CREATE_LEASE_TABLE, true);
    LeaseSettings lease = lease(config);
    return new LeaseTableSettings(table, create, dynamoDbEndpoint(config), dynamoDbRegion(config), lease);
  }

  private static Optional<KclImportSettings> kclImport(ProviderConfig config) {
    // parsed even without a table, so that a malformed value fails connect
    Duration failover = config.duration(KCL_FAILOVER_TIME, DEFAULT_KCL_FAILOVER_TIME,
        Duration.ofMillis(500), Duration.ofHours(1));
    Optional<String> table = config.string(KCL_LEASE_TABLE).filter(s -> !s.isEmpty());
    if (table.isEmpty()) {
      return Optional.empty();
    }
    if (!table.get().matches(TABLE_NAME)) {
      throw malformed(config, KCL_LEASE_TABLE, table.get(),
          "a DynamoDB table name: 3 to 255 letters, digits, '_', '.' and '-'");
    }
    return Optional.of(new KclImportSettings(table.get(), failover, dynamoDbEndpoint(config),
        dynamoDbRegion(config), config.fullKey(KCL_LEASE_TABLE)));
  }

  private static Optional<URI> dynamoDbEndpoint(ProviderConfig config) {
    return config.string(DYNAMODB_ENDPOINT).filter(s -> !s.isEmpty())
        .map(raw -> endpoint(config, DYNAMODB_ENDPOINT, raw));
  }

  private static Optional<String> dynamoDbRegion(ProviderConfig config) {
    Optional<String> region = config.string(DYNAMODB_REGION).filter(s -> !s.isEmpty())
        .or(() -> config.string(REGION).filter(s -> !s.isEmpty()));
    region.ifPresent(r -> {
      if (!r.matches(REGION_NAME)) {
        throw malformed(config, DYNAMODB_REGION, r, "an AWS region name such as us-east-1");
      }
    });
    return region;
  }

  private static LeaseSettings lease(ProviderConfig config) {
    Duration failover = config.duration(LEASE_FAILOVER_TIME, DEFAULT_LEASE_FAILOVER_TIME,
        Duration.ofMillis(500), Duration.ofHours(1));
    Duration renew = config.duration(LEASE_RENEW_INTERVAL, failover.dividedBy(3), Duration.ofMillis(50),
        Duration.ofHours(1));
    if (renew.compareTo(failover.dividedBy(2)) > 0) {
      throw malformed(config, LEASE_RENEW_INTERVAL, config.string(LEASE_RENEW_INTERVAL).orElse(renew.toString()),
          "at most half of " + config.fullKey(LEASE_FAILOVER_TIME) + " (" + failover + ")");
    }
    Duration balance = config.duration(LEASE_BALANCE_INTERVAL, failover.dividedBy(2), Duration.ofMillis(50),
        Duration.ofHours(1));
    if (balance.compareTo(failover) > 0) {
      throw malformed(config, LEASE_BALANCE_INTERVAL, config.string(LEASE_BALANCE_INTERVAL).orElse(balance.toString()),
          "at most " + config.fullKey(LEASE_FAILOVER_TIME) + " (" + failover + ")");
    }
    int steals = config.intValue(LEASE_MAX_STEALS, DEFAULT_LEASE_MAX_STEALS, 0, 100);
    return new LeaseSettings(failover, renew, balance, steals);
  }

  private static ProducerSettings producer(ProviderConfig c, Duration requestTimeout) {
    try {
      ProducerSettings.Builder b = ProducerSettings.builder()
          .recordFormat(c.enumValue(RECORD_FORMAT, RecordFormat.class, RecordFormat.ENVELOPE))
          .linger(c.duration(PRODUCER_LINGER, DEFAULT_PRODUCER_LINGER, Duration.ZERO, Duration.ofSeconds(10)))
          .maxRecordsPerRequest(c.intValue(PRODUCER_MAX_RECORDS_PER_REQUEST, KINESIS_MAX_RECORDS_PER_REQUEST,
              1, KINESIS_MAX_RECORDS_PER_REQUEST))
          .maxBytesPerRequest(c.longValue(PRODUCER_MAX_BYTES_PER_REQUEST, KINESIS_MAX_BYTES_PER_REQUEST,
              1024, KINESIS_MAX_BYTES_PER_REQUEST))
          .maxRecordBytes(c.intValue(MAX_RECORD_BYTES, DEFAULT_MAX_RECORD_BYTES, 8 * 1024, 10 * 1024 * 1024))
          .maxAttempts(c.intValue(PRODUCER_MAX_ATTEMPTS, DEFAULT_PRODUCER_MAX_ATTEMPTS, 1, 100))
          .maxRetryTime(c.duration(PRODUCER_MAX_RETRY_TIME, DEFAULT_PRODUCER_MAX_RETRY_TIME,
              Duration.ofMillis(100), Duration.ofHours(1)))
          .baseBackoff(c.duration(PRODUCER_BASE_BACKOFF, DEFAULT_PRODUCER_BASE_BACKOFF,
              Duration.ofMillis(1), Duration.ofMinutes(1)))
          .maxBackoff(c.duration(PRODUCER_MAX_BACKOFF, DEFAULT_PRODUCER_MAX_BACKOFF,
              Duration.ofMillis(1), Duration.ofMinutes(5)));
      if (requestTimeout.compareTo(PRODUCER_MAX_REQUEST_TIMEOUT) > 0) {
        throw new IllegalArgumentException("requestTimeout must be from " + Duration.ofMillis(100)
            + " to " + PRODUCER_MAX_REQUEST_TIMEOUT + ": " + requestTimeout);
      }
      return b.requestTimeout(requestTimeout)
          .maxConcurrentRequests(c.intValue(PRODUCER_MAX_CONCURRENT_REQUESTS,
              DEFAULT_PRODUCER_MAX_CONCURRENT_REQUESTS, 1, 64))
          .maxBufferedRecords(c.intValue(PRODUCER_MAX_BUFFERED_RECORDS, DEFAULT_PRODUCER_MAX_BUFFERED_RECORDS,
              1, 1_000_000))
          .maxBufferedBytes(c.longValue(PRODUCER_MAX_BUFFERED_BYTES, DEFAULT_PRODUCER_MAX_BUFFERED_BYTES,
              1024, 4L << 30))
          .bufferFullWait(c.duration(PRODUCER_BUFFER_FULL_WAIT, DEFAULT_PRODUCER_BUFFER_FULL_WAIT,
              Duration.ZERO, Duration.ofMinutes(10)))
          .closeTimeout(c.duration(PRODUCER_CLOSE_TIMEOUT, DEFAULT_PRODUCER_CLOSE_TIMEOUT,
              Duration.ZERO, Duration.ofMinutes(10)))
          .build();
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("the mq.kinesis.producer-* settings do not fit together: "
          + e.getMessage(), e);
    }
  }

  private static Retrieval retrieval(ProviderConfig config, String raw) {
    for (Retrieval r : Retrieval.values()) {
      if (r.value().equals(raw)) {
        return r;
      }
    }
    throw malformed(config, RETRIEVAL, raw, "polling or fan-out");
  }

  private static URI endpoint(ProviderConfig config, String key, String raw) {
    try {
      URI uri = new URI(raw);
      if (uri.getScheme() != null && uri.getHost() != null
          && (uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw malformed(config, key, raw, "an http:// or https:// URL");
  }

  private static ConfigurationException malformed(ProviderConfig config, String key, String value,
      String expected) {
    return config.malformed(key, value, expected);
  }

  @SafeVarargs
  private static Set<String> union(Set<String>... sets) {
    Set<String> all = new HashSet<>();
    for (Set<String> s : sets) {
      all.addAll(s);
    }
    return Set.copyOf(all);
  }

  @Override
  public String toString() {
    return "KinesisConfig[" + connection + ", " + streams + ", initialPosition="
        + read.initialPosition() + ", checkpointStore=" + checkpointStore
        + ", retrieval=" + read.retrieval().value() + "]";
  }
}
