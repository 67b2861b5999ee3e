package dev.mq.kinesis.testing;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClientBuilder;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.KinesisClientBuilder;

/**
 * Where a test's Kinesis lives, and how to reach it: clients, stream helpers and the provider's
 * configuration map. Obtain one from {@link KinesisEndpointExtension} or {@link KinesisEmulators}.
 */
public final class KinesisEndpoint {

  /** Which server answers at the endpoint. */
  public enum Flavor {
    /** Given by {@code MQ_KINESIS_ENDPOINT} or {@code -Dmqtest.kinesis.endpoint}. */
    EXTERNAL,
    /** kinesis-local (kinesis-mock) started by this harness. */
    KINESIS_LOCAL,
    /** kinesalite started by this harness; the SDK's CBOR must be off for it. */
    KINESALITE,
    /** LocalStack in a Testcontainers container. */
    LOCALSTACK,
    /** dynalite (a DynamoDB emulator, not a Kinesis) started by this harness; see {@link Dynalite}. */
    DYNALITE
  }

  /** The region every test client uses. */
  public static final String REGION = "us-east-1";

  private static final String TEST_ACCESS_KEY_ID = "test";
  private static final String TEST_SECRET_ACCESS_KEY = "test";

  private final URI uri;
  private final Flavor flavor;
  private final String accessKeyId;
  private final String secretAccessKey;

  KinesisEndpoint(URI uri, Flavor flavor) {
    this(uri, flavor, TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY);
  }

  KinesisEndpoint(URI uri, Flavor flavor, String accessKeyId, String secretAccessKey) {
    this.uri = Objects.requireNonNull(uri, "uri");
    this.flavor = Objects.requireNonNull(flavor, "flavor");
    this.accessKeyId = Objects.requireNonNull(accessKeyId, "accessKeyId");
    this.secretAccessKey = Objects.requireNonNull(secretAccessKey, "secretAccessKey");
  }

  /** The endpoint, e.g. {@code http://127.0.0.1:45678}. */
  public URI uri() {
    return uri;
  }

  /** Which server this is. */
  public Flavor flavor() {
    return flavor;
  }

  /** A synchronous client (Apache HTTP client); the caller closes it. */
  public KinesisClient syncClient() {
    return syncClientBuilder().build();
  }

  /** A synchronous client builder, configured for this endpoint; add settings and build it. */
  public KinesisClientBuilder syncClientBuilder() {
    prepareProtocol();
    return KinesisClient.builder()
        .endpointOverride(uri)
        .region(Region.of(REGION))
        .credentialsProvider(credentials())
        .httpClientBuilder(ApacheHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(5))
            .socketTimeout(Duration.ofSeconds(30)));
  }

  /** An asynchronous client (Netty, HTTP/1.1); the caller closes it. */
  public KinesisAsyncClient asyncClient() {
    return asyncClientBuilder().build();
  }

  /**
   * An asynchronous client builder (Netty, HTTP/1.1), configured for this endpoint; add
   * interceptors or overrides and build it.
   */
  public KinesisAsyncClientBuilder asyncClientBuilder() {
    return asyncClientBuilder(Protocol.HTTP1_1);
  }

  /**
   * An asynchronous client builder speaking {@code protocol}; {@link Protocol#HTTP2} on the
   * plain port is what SubscribeToShard needs on kinesis-local.
   */
  public KinesisAsyncClientBuilder asyncClientBuilder(Protocol protocol) {
    prepareProtocol();
    return KinesisAsyncClient.builder()
        .endpointOverride(uri)
        .region(Region.of(REGION))
        .credentialsProvider(credentials())
        .httpClientBuilder(NettyNioAsyncHttpClient.builder()
            .protocol(protocol)
            .connectionTimeout(Duration.ofSeconds(5))
            .readTimeout(Duration.ofSeconds(30))
            .maxConcurrency(64));
  }

  /**
   * The provider configuration for this endpoint: {@code mq.provider=kinesis}, endpoint,
   * region, test credentials, {@code mq.kinesis.create-streams=true}, and requeued messages
   * deliverable at once ({@code mq.retry.initial-delay=0ms}: the provider's tests are not about
   * retry delays, which the TCK covers). A mutable copy.
   */
  public Map<String, String> providerConfig() {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("mq.provider", "kinesis");
    config.put("mq.kinesis.endpoint", uri.toString());
    config.put("mq.kinesis.region", REGION);
    config.put("mq.kinesis.access-key-id", accessKeyId);
    config.put("mq.kinesis.secret-access-key", secretAccessKey);
    config.put("mq.kinesis.create-streams", "true");
    config.put("mq.retry.initial-delay", "0ms");
    return config;
  }

  /** Creates a stream with a unique name and waits until it is ACTIVE; returns its name. */
  public String createStream(String prefix, int shards) {
    try (KinesisClient client = syncClient()) {
      return TestStreams.createActive(client, prefix, shards);
    }
  }

  /** Deletes a stream, ignoring one that is already gone. */
  public void deleteStream(String stream) {
    try (KinesisClient client = syncClient()) {
      TestStreams.delete(client, stream);
    }
  }

  private StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey));
  }

  private void prepareProtocol() {
    if (flavor == Flavor.KINESALITE) {
      // kinesalite speaks JSON only. The SDK reads this JVM-wide switch for every request;
      // kinesis-local and LocalStack accept JSON too, so turning it off is safe for them.
      System.setProperty("aws.cborEnabled", "false");
    }
  }

  /** Shows the endpoint and flavor, never the credentials. */
  @Override
  public String toString() {
    return "KinesisEndpoint[" + flavor + " at " + uri + "]";
  }
}
