package dev.mq.kinesis.internal.checkpoint;

import dev.mq.ConfigurationException;
import dev.mq.kinesis.checkpoint.CheckpointStore;
import dev.mq.kinesis.checkpoint.CheckpointStoreFactory;
import dev.mq.kinesis.internal.lease.LeaseSettings;
import dev.mq.spi.ProviderConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * {@code mq.kinesis.checkpoint-store=dynamodb}: a DynamoDB lease table shared by the workers of
 * every process. Uses the Kinesis credentials and region unless overridden.
 */
public final class DynamoDbCheckpointStoreFactory implements CheckpointStoreFactory {

  /** The name. */
  public static final String NAME = "dynamodb";

  /** Keys, relative to {@code mq.kinesis.}. */
  public static final String TABLE = "lease-table";
  public static final String CREATE_TABLE = "create-lease-table";
  public static final String ENDPOINT = "dynamodb-endpoint";
  public static final String REGION = "dynamodb-region";
  public static final String FAILOVER_TIME = "lease-failover-time";
  public static final String RENEW_INTERVAL = "lease-renew-interval";
  public static final String BALANCE_INTERVAL = "lease-balance-interval";
  public static final String MAX_STEALS = "lease-max-steals";

  public static final String DEFAULT_TABLE = "mq-kinesis-leases";
  /** Attempts per DynamoDB call (the SDK's standard retry with back-off), the first included. */
  static final int MAX_ATTEMPTS = 3;
  private static final Duration TABLE_WAIT = Duration.ofSeconds(60);
  private static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> configKeys() {
    return Set.of(TABLE, CREATE_TABLE, ENDPOINT, REGION, FAILOVER_TIME, RENEW_INTERVAL,
        BALANCE_INTERVAL, MAX_STEALS);
  }

  @Override
  public CheckpointStore create(ProviderConfig config) {
    String table = config.string(TABLE, DEFAULT_TABLE);
    if (!table.matches("[a-zA-Z0-9_.-]{3,255}")) {
      throw malformed(config, TABLE, table, "a DynamoDB table name: 3 to 255 letters, digits, '_', '.' and '-'");
    }
    boolean create = config.booleanValue(CREATE_TABLE, true);
    LeaseSettings lease = leaseSettings(config);
    Optional<URI> endpoint = config.string(ENDPOINT).filter(s -> !s.isEmpty()).map(raw -> endpoint(config, raw));
    Optional<String> region = config.string(REGION).filter(s -> !s.isEmpty())
        .or(() -> config.string("region").filter(s -> !s.isEmpty()));
    region.ifPresent(r -> {
      if (!r.matches("[a-z0-9-]{1,64}")) {
        throw malformed(config, REGION, r, "an AWS region name such as us-east-1");
      }
    });
    Duration timeout = config.duration("request-timeout", DEFAULT_REQUEST_TIMEOUT,
        Duration.ofMillis(100), Duration.ofMinutes(10));
    DynamoDbClient client = client(config, endpoint, region, timeout);
    try {
      return new DynamoDbCheckpointStore(client, table, create, TABLE_WAIT, workerId(), lease);
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /** Reads and checks the lease timings. */
  static LeaseSettings leaseSettings(ProviderConfig config) {
    Duration failover = config.duration(FAILOVER_TIME, LeaseSettings.DEFAULT_FAILOVER_TIME,
        Duration.ofMillis(500), Duration.ofHours(1));
    Duration renew = config.duration(RENEW_INTERVAL, failover.dividedBy(3), Duration.ofMillis(50),
        Duration.ofHours(1));
    if (renew.compareTo(failover.dividedBy(2)) > 0) {
      throw malformed(config, RENEW_INTERVAL, config.string(RENEW_INTERVAL).orElse(renew.toString()),
          "at most half of " + config.fullKey(FAILOVER_TIME) + " (" + failover + ")");
    }
    Duration balance = config.duration(BALANCE_INTERVAL, failover.dividedBy(2), Duration.ofMillis(50),
        Duration.ofHours(1));
    if (balance.compareTo(failover) > 0) {
      throw malformed(config, BALANCE_INTERVAL, config.string(BALANCE_INTERVAL).orElse(balance.toString()),
          "at most " + config.fullKey(FAILOVER_TIME) + " (" + failover + ")");
    }
    int steals = config.intValue(MAX_STEALS, LeaseSettings.DEFAULT_MAX_STEALS, 0, 100);
    return new LeaseSettings(failover, renew, balance, steals);
  }

  /**
   * A worker id unique per broker: host name (from the environment, no DNS lookup), process id
   * and a random part, e.g. {@code host-a:4711:9f1c2e3d}.
   */
  static String workerId() {
    String host = Optional.ofNullable(System.getenv("HOSTNAME"))
        .or(() -> Optional.ofNullable(System.getenv("COMPUTERNAME")))
        .filter(h -> !h.isBlank()).orElse("host");
    return host + ":" + ProcessHandle.current().pid() + ":" + UUID.randomUUID().toString().substring(0, 8);
  }

  // The Apache 4 client is deprecated in favour of Apache 5, but the module ships apache-client.
  @SuppressWarnings("deprecation")
  private static DynamoDbClient client(ProviderConfig config, Optional<URI> endpoint,
      Optional<String> region, Duration timeout) {
    DynamoDbClientBuilder b = DynamoDbClient.builder()
        .region(region.map(Region::of).orElseGet(DynamoDbCheckpointStoreFactory::defaultRegion))
        .credentialsProvider(credentials(config))
        .overrideConfiguration(ClientOverrideConfiguration.builder()
            .apiCallAttemptTimeout(timeout)
            .apiCallTimeout(timeout.multipliedBy(MAX_ATTEMPTS + 1))
            .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(MAX_ATTEMPTS).build())
            .build())
        .httpClientBuilder(ApacheHttpClient.builder()
            .maxConnections(16)
            .socketTimeout(timeout)
            .connectionTimeout(timeout));
    endpoint.ifPresent(b::endpointOverride);
    return b.build();
  }

  private static Region defaultRegion() {
    try {
      return DefaultAwsRegionProviderChain.builder().build().getRegion();
    } catch (SdkClientException e) {
      throw new ConfigurationException("no AWS region is configured for DynamoDB: set mq.kinesis."
          + REGION + " or mq.kinesis.region (or AWS_REGION)", e);
    }
  }

  private static AwsCredentialsProvider credentials(ProviderConfig config) {
    Optional<String> id = config.string("access-key-id").filter(s -> !s.isEmpty());
    Optional<String> secret = config.string("secret-access-key").filter(s -> !s.isEmpty());
    if (id.isPresent() && secret.isPresent()) {
      return StaticCredentialsProvider.create(AwsBasicCredentials.create(id.get(), secret.get()));
    }
    return DefaultCredentialsProvider.builder().build();
  }

  private static URI endpoint(ProviderConfig config, String raw) {
    try {
      URI uri = new URI(raw);
      if (uri.getHost() != null && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw malformed(config, ENDPOINT, raw, "an http:// or https:// URL");
  }

  private static ConfigurationException malformed(ProviderConfig config, String key, String value, String expected) {
    return config.malformed(key, value, expected);
  }
}
