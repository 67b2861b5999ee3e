package dev.mq.kinesis.testing;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A dynalite (DynamoDB emulator) of one test class: started on a free loopback port, closed by
 * the test. Gives clients and the provider keys that point the {@code dynamodb} checkpoint store
 * at it.
 */
public final class Dynalite implements AutoCloseable {

  private final EmulatorProcess process;

  private Dynalite(EmulatorProcess process) {
    this.process = process;
  }

  /** Starts one and waits until it answers. */
  public static Dynalite start() {
    return new Dynalite(KinesisEmulators.startDynalite());
  }

  /** {@code http://127.0.0.1:<port>}. */
  public URI uri() {
    return process.endpoint().uri();
  }

  /** A client with the test credentials; the caller closes it. */
  @SuppressWarnings("deprecation") // the module ships the Apache 4 client
  public DynamoDbClient client() {
    return DynamoDbClient.builder()
        .endpointOverride(uri())
        .region(Region.of(KinesisEndpoint.REGION))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClientBuilder(ApacheHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(5))
            .socketTimeout(Duration.ofSeconds(30)))
        .build();
  }

  /**
   * Adds to a provider configuration: the dynamodb store at this dynalite, a fresh lease table,
   * and short lease timings ({@code failover} for the failover time).
   */
  public Map<String, String> addStoreConfig(Map<String, String> config, String table, Duration failover) {
    config.put("mq.kinesis.checkpoint-store", "dynamodb");
    config.put("mq.kinesis.dynamodb-endpoint", uri().toString());
    config.put("mq.kinesis.lease-table", table);
    config.put("mq.kinesis.lease-failover-time", failover.toMillis() + "ms");
    config.put("mq.kinesis.lease-balance-interval", Math.max(100, failover.toMillis() / 4) + "ms");
    return config;
  }

  @Override
  public void close() {
    process.close();
  }

  @Override
  public String toString() {
    return "Dynalite[" + uri() + "]";
  }
}
