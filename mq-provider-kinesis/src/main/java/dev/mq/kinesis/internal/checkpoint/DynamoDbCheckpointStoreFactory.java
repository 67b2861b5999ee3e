package dev.mq.kinesis.internal.checkpoint;

import dev.mq.ConfigurationException;
import dev.mq.kinesis.checkpoint.CheckpointStore;
import dev.mq.kinesis.checkpoint.CheckpointStoreFactory;
import dev.mq.kinesis.internal.config.ConnectionSettings;
import dev.mq.kinesis.internal.config.KinesisConfig;
import dev.mq.kinesis.internal.config.LeaseTableSettings;
import dev.mq.spi.ProviderConfig;
import java.net.URI;
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

  /** Attempts per DynamoDB call (the SDK's standard retry with back-off), the first included. */
  static final int MAX_ATTEMPTS = 3;
  private static final Duration TABLE_WAIT = Duration.ofSeconds(60);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> configKeys() {
    return KinesisConfig.DYNAMODB_STORE_KEYS;
  }

  @Override
  public DynamoDbCheckpointStore create(ProviderConfig config) {
    LeaseTableSettings table = KinesisConfig.leaseTable(config);
    ConnectionSettings connection = KinesisConfig.connection(config); // credentials, request timeout
    DynamoDbClient client = client(connection, table.endpoint(), table.region());
    try {
      return new DynamoDbCheckpointStore(client, table.table(), table.createTable(), TABLE_WAIT,
          workerId(), table.lease());
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
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

  /**
   * A DynamoDB client with the connection's credentials and request timeout, at most
   * {@value #MAX_ATTEMPTS} attempts per call; also the client of the KCL lease table an import
   * reads, whatever the checkpoint store.
   *
   * @param connection the credentials and request timeout of the Kinesis connection
   * @param endpoint {@code dynamodb-endpoint}, if set
   * @param region {@code dynamodb-region} or {@code region}, if set; else the default chain
   * @return the client; the caller closes it
   */
  // The Apache 4 client is deprecated in favour of Apache 5, but the module ships apache-client.
  @SuppressWarnings("deprecation")
  public static DynamoDbClient client(ConnectionSettings connection, Optional<URI> endpoint,
      Optional<String> region) {
    Duration timeout = connection.requestTimeout();
    DynamoDbClientBuilder b = DynamoDbClient.builder()
        .region(region.map(Region::of).orElseGet(DynamoDbCheckpointStoreFactory::defaultRegion))
        .credentialsProvider(credentials(connection))
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
          + KinesisConfig.DYNAMODB_REGION + " or mq.kinesis." + KinesisConfig.REGION + " (or AWS_REGION)", e);
    }
  }

  private static AwsCredentialsProvider credentials(ConnectionSettings connection) {
    Optional<String> id = connection.accessKeyId();
    Optional<String> secret = connection.secretAccessKey();
    if (id.isPresent() && secret.isPresent()) {
      return StaticCredentialsProvider.create(AwsBasicCredentials.create(id.get(), secret.get()));
    }
    return DefaultCredentialsProvider.builder().build();
  }
}
