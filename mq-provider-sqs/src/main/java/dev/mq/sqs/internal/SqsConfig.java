package dev.mq.sqs.internal;

import dev.mq.ConfigurationException;
import dev.mq.spi.Names;
import dev.mq.spi.ProviderConfig;
import dev.mq.spi.RetryPolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Every {@code mq.sqs.*} setting, read and checked once at connect, with its bounds and default.
 * Never holds the secret access key (it is read from the configuration when the client is built)
 * and never prints either credential.
 */
public final class SqsConfig {

  // keys, relative to mq.sqs.
  static final String REGION = "region";
  static final String ENDPOINT = "endpoint";
  static final String ACCESS_KEY_ID = "access-key-id";
  static final String SECRET_ACCESS_KEY = "secret-access-key";
  static final String QUEUE_PREFIX = "queue-prefix";
  static final String CREATE_QUEUES = "create-queues";
  static final String FIFO = "fifo";
  static final String VISIBILITY_TIMEOUT = "visibility-timeout";
  static final String MAX_HOLD_TIME = "max-hold-time";
  static final String RECEIVE_WAIT_TIME = "receive-wait-time";
  static final String RECEIVE_BATCH_SIZE = "receive-batch-size";
  static final String PRODUCER_BATCH_SIZE = "producer-batch-size";
  static final String PRODUCER_LINGER = "producer-linger";
  static final String MAX_MESSAGE_SIZE = "max-message-size";
  static final String REQUEST_TIMEOUT = "request-timeout";
  static final String REQUEST_ATTEMPTS = "request-attempts";

  /** Every key above. */
  public static final Set<String> KEYS = Set.of(REGION, ENDPOINT, ACCESS_KEY_ID, SECRET_ACCESS_KEY,
      QUEUE_PREFIX, CREATE_QUEUES, FIFO, VISIBILITY_TIMEOUT, MAX_HOLD_TIME, RECEIVE_WAIT_TIME,
      RECEIVE_BATCH_SIZE, PRODUCER_BATCH_SIZE, PRODUCER_LINGER, MAX_MESSAGE_SIZE, REQUEST_TIMEOUT, REQUEST_ATTEMPTS);
  /** The keys whose values are never shown. */
  public static final Set<String> SECRET_KEYS = Set.of(ACCESS_KEY_ID, SECRET_ACCESS_KEY);

  /** SQS's largest message since 2025: 1 MiB, body and attributes. */
  public static final int SQS_MAX_MESSAGE_SIZE = 1024 * 1024;
  /** SQS's longest visibility timeout, and longest time a message can be held: 12 hours. */
  public static final Duration SQS_MAX_VISIBILITY = Duration.ofHours(12);
  /** SQS's longest long poll. */
  public static final Duration SQS_MAX_WAIT = Duration.ofSeconds(20);
  /** SQS's largest batch (SendMessageBatch, ReceiveMessage, DeleteMessageBatch...). */
  public static final int SQS_MAX_BATCH = 10;

  static final Duration DEFAULT_VISIBILITY_TIMEOUT = Duration.ofSeconds(30);
  static final Duration DEFAULT_MAX_HOLD_TIME = Duration.ofHours(1);
  static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
  static final int DEFAULT_REQUEST_ATTEMPTS = 6;

  private final ProviderConfig config;
  private final Optional<String> region;
  private final Optional<URI> endpoint;
  private final Optional<String> accessKeyId;
  private final String queuePrefix;
  private final boolean createQueues;
  private final boolean fifo;
  private final Duration visibilityTimeout;
  private final Duration maxHoldTime;
  private final Duration receiveWaitTime;
  private final int receiveBatchSize;
  private final int producerBatchSize;
  private final Duration producerLinger;
  private final int maxMessageSize;
  private final Duration requestTimeout;
  private final int requestAttempts;
  private final int maxDeliveryAttempts;
  private final RetryPolicy retryPolicy;

  /**
   * Reads and checks every setting.
   *
   * @param config the {@code mq.sqs.*} configuration of the connection
   * @throws ConfigurationException naming the key and value of a malformed setting
   */
  public SqsConfig(ProviderConfig config) {
    this.config = config;
    this.region = config.string(REGION).filter(s -> !s.isEmpty());
    region.ifPresent(r -> {
      if (!r.matches("[a-z0-9-]{1,64}")) {
        throw config.malformed(REGION, r, "an AWS region name such as us-east-1");
      }
    });
    this.endpoint = config.string(ENDPOINT).filter(s -> !s.isEmpty()).map(this::parseEndpoint);
    this.accessKeyId = config.string(ACCESS_KEY_ID).filter(s -> !s.isEmpty());
    boolean hasSecret = secretAccessKey().isPresent();
    if (accessKeyId.isPresent() != hasSecret) {
      throw new ConfigurationException("configuration keys " + config.fullKey(ACCESS_KEY_ID) + " and "
          + config.fullKey(SECRET_ACCESS_KEY) + " must be set together (or neither, for the AWS "
          + "default credentials chain); only " + config.fullKey(hasSecret ? SECRET_ACCESS_KEY : ACCESS_KEY_ID)
          + " is set");
    }
    this.queuePrefix = config.string(QUEUE_PREFIX, "");
    if (!QueueNames.isValidPrefix(queuePrefix)) {
      throw config.malformed(QUEUE_PREFIX, queuePrefix, "at most " + QueueNames.MAX_PREFIX_LENGTH
          + " letters, digits, '_' and '-'");
    }
    this.createQueues = config.booleanValue(CREATE_QUEUES, true);
    this.fifo = config.booleanValue(FIFO, false);
    this.visibilityTimeout = wholeSeconds(VISIBILITY_TIMEOUT, config.duration(VISIBILITY_TIMEOUT,
        DEFAULT_VISIBILITY_TIMEOUT, Duration.ofSeconds(1), SQS_MAX_VISIBILITY));
    this.maxHoldTime = config.duration(MAX_HOLD_TIME, DEFAULT_MAX_HOLD_TIME, visibilityTimeout,
        SQS_MAX_VISIBILITY);
    this.receiveWaitTime = wholeSeconds(RECEIVE_WAIT_TIME, config.duration(RECEIVE_WAIT_TIME,
        SQS_MAX_WAIT, Duration.ofSeconds(1), SQS_MAX_WAIT));
    this.receiveBatchSize = config.intValue(RECEIVE_BATCH_SIZE, SQS_MAX_BATCH, 1, SQS_MAX_BATCH);
    this.producerBatchSize = config.intValue(PRODUCER_BATCH_SIZE, SQS_MAX_BATCH, 1, SQS_MAX_BATCH);
    this.producerLinger = config.duration(PRODUCER_LINGER, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1));
    this.maxMessageSize = config.intValue(MAX_MESSAGE_SIZE, SQS_MAX_MESSAGE_SIZE,
        EnvelopeCodec.DEAD_LETTER_HEADROOM + 1024, SQS_MAX_MESSAGE_SIZE);
    this.requestTimeout = config.duration(REQUEST_TIMEOUT, DEFAULT_REQUEST_TIMEOUT,
        Duration.ofMillis(100), Duration.ofMinutes(10));
    this.requestAttempts = config.intValue(REQUEST_ATTEMPTS, DEFAULT_REQUEST_ATTEMPTS, 1, 20);
    this.maxDeliveryAttempts = config.maxDeliveryAttempts();
    this.retryPolicy = config.retryPolicy();
    // a template that gives an invalid queue name is a typo: fail at connect, not at the first
    // reject (SPEC 1.5)
    config.deadLetterQueue("q", Names::isValid, Names.RULE);
  }

  private Duration wholeSeconds(String key, Duration d) {
    if (d.toNanos() % 1_000_000_000L != 0) {
      throw config.malformed(key, config.string(key).orElse(""), "whole seconds (SQS counts in seconds)");
    }
    return d;
  }

  private URI parseEndpoint(String raw) {
    try {
      URI uri = new URI(raw);
      if (uri.getScheme() == null || uri.getHost() == null
          || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
        throw config.malformed(ENDPOINT, raw, "an http:// or https:// URL");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw config.malformed(ENDPOINT, raw, "an http:// or https:// URL");
    }
  }

  /** The whole provider configuration. */
  ProviderConfig config() {
    return config;
  }

  Optional<String> region() {
    return region;
  }

  Optional<URI> endpoint() {
    return endpoint;
  }

  Optional<String> accessKeyId() {
    return accessKeyId;
  }

  /** The secret key, read from the configuration each time so that this object never holds it. */
  Optional<String> secretAccessKey() {
    return config.string(SECRET_ACCESS_KEY).filter(s -> !s.isEmpty());
  }

  /** Prepended to every SQS queue name. */
  String queuePrefix() {
    return queuePrefix;
  }

  /** Whether a missing SQS queue is created when a queue instance is opened (default true). */
  boolean createQueues() {
    return createQueues;
  }

  /** Whether every queue of the broker is a FIFO queue (default false). */
  boolean fifo() {
    return fifo;
  }

  /** How long a received message stays invisible before it is extended (whole seconds). */
  Duration visibilityTimeout() {
    return visibilityTimeout;
  }

  /** How long a queue instance keeps extending a message it holds unacknowledged. */
  Duration maxHoldTime() {
    return maxHoldTime;
  }

  /** The longest single ReceiveMessage long poll (whole seconds, 1..20). */
  Duration receiveWaitTime() {
    return receiveWaitTime;
  }

  /** Most messages one ReceiveMessage asks for (1..10). */
  int receiveBatchSize() {
    return receiveBatchSize;
  }

  /** Most entries of one SendMessageBatch (1..10). */
  int producerBatchSize() {
    return producerBatchSize;
  }

  /** How long the first {@code pushAsync} of a batch waits for others to fill it (0..1 s). */
  Duration producerLinger() {
    return producerLinger;
  }

  /** The largest SQS message, body and attributes, as SQS counts it. */
  int maxMessageSize() {
    return maxMessageSize;
  }

  /** The largest message push accepts: {@link #maxMessageSize()} less the dead-letter headroom. */
  int pushLimit() {
    return maxMessageSize - EnvelopeCodec.DEAD_LETTER_HEADROOM;
  }

  /** Timeout of one HTTP attempt (a long poll gets its wait on top). */
  Duration requestTimeout() {
    return requestTimeout;
  }

  /** Attempts of one SQS call, the first included, for throttling, 5xx and I/O errors. */
  int requestAttempts() {
    return requestAttempts;
  }

  int maxDeliveryAttempts() {
    return maxDeliveryAttempts;
  }

  RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  /** The dead-letter queue of {@code queue}, if configured. */
  Optional<String> deadLetterQueue(String queue) {
    return config.deadLetterQueue(queue);
  }

  @Override
  public String toString() {
    return "SqsConfig[region=" + region.orElse("(default chain)")
        + ", endpoint=" + endpoint.map(URI::toString).orElse("(default)")
        + ", credentials=" + (accessKeyId.isPresent() ? "static" : "default chain")
        + ", queuePrefix=" + queuePrefix + ", createQueues=" + createQueues + ", fifo=" + fifo
        + ", visibilityTimeout=" + visibilityTimeout + ", maxMessageSize=" + maxMessageSize + "]";
  }
}
