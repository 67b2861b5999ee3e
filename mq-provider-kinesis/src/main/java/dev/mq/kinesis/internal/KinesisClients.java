package dev.mq.kinesis.internal;

import dev.mq.ConfigurationException;
import dev.mq.kinesis.internal.config.ConnectionSettings;
import dev.mq.kinesis.internal.config.KinesisConfig;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClientBuilder;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.KinesisClientBuilder;

/** Builds the broker's Kinesis clients from the connection settings. */
final class KinesisClients {

  /** Most SubscribeToShard streams one broker holds at once (shards times fan-out groups). */
  static final int MAX_SUBSCRIPTIONS = 1000;
  /** Shortest read timeout of a subscription. */
  static final Duration FAN_OUT_READ_TIMEOUT = Duration.ofSeconds(30);

  private KinesisClients() {}

  // The Apache 4 client is deprecated in favour of Apache 5, but the module ships apache-client.
  @SuppressWarnings("deprecation")
  static KinesisClient create(ConnectionSettings s, Consumer<ClientOverrideConfiguration.Builder> customizer) {
    ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder()
        .apiCallAttemptTimeout(s.requestTimeout());
    customizer.accept(override);
    KinesisClientBuilder b = KinesisClient.builder()
        .region(region(s))
        .credentialsProvider(credentials(s))
        .overrideConfiguration(override.build())
        .httpClientBuilder(ApacheHttpClient.builder()
            // every scheduler thread plus producers and admin calls from application threads
            .maxConnections(Math.max(50, s.threads() * 4))
            .socketTimeout(s.requestTimeout())
            .connectionTimeout(s.requestTimeout()));
    s.endpoint().ifPresent(b::endpointOverride);
    return b.build();
  }

  /**
   * The producer's asynchronous client. SDK retries are off: the producer retries failed
   * records itself, with back-off and per-key order.
   */
  static KinesisAsyncClient createAsync(ConnectionSettings s, SdkEventLoopGroup eventLoops,
      Consumer<ClientOverrideConfiguration.Builder> customizer) {
    ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder()
        .apiCallAttemptTimeout(s.requestTimeout());
    return async(s, override, customizer, NettyNioAsyncHttpClient.builder()
        .protocol(Protocol.HTTP1_1)
        .eventLoopGroup(eventLoops)
        .maxConcurrency(64)
        .connectionTimeout(s.requestTimeout())
        .readTimeout(s.requestTimeout()));
  }

  /**
   * The enhanced fan-out client: HTTP/2, as SubscribeToShard requires. No call timeout (a
   * subscription streams for minutes) and no SDK retries (a shard's reader backs off and
   * subscribes again). The read timeout ends a subscription that stays silent; Kinesis sends an
   * event at least every few seconds while a subscription waits for data.
   */
  static KinesisAsyncClient createFanOut(ConnectionSettings s, SdkEventLoopGroup eventLoops,
      Consumer<ClientOverrideConfiguration.Builder> customizer) {
    return async(s, ClientOverrideConfiguration.builder(), customizer, NettyNioAsyncHttpClient.builder()
        .protocol(Protocol.HTTP2)
        .eventLoopGroup(eventLoops)
        .maxConcurrency(MAX_SUBSCRIPTIONS)
        .connectionTimeout(s.requestTimeout())
        .readTimeout(max(s.requestTimeout(), FAN_OUT_READ_TIMEOUT)));
  }

  /** An asynchronous client with SDK retries off (its callers retry themselves). */
  private static KinesisAsyncClient async(ConnectionSettings s, ClientOverrideConfiguration.Builder override,
      Consumer<ClientOverrideConfiguration.Builder> customizer, NettyNioAsyncHttpClient.Builder http) {
    override.retryStrategy(AwsRetryStrategy.doNotRetry());
    customizer.accept(override);
    KinesisAsyncClientBuilder b = KinesisAsyncClient.builder()
        .region(region(s))
        .credentialsProvider(credentials(s))
        .overrideConfiguration(override.build())
        .httpClientBuilder(http);
    s.endpoint().ifPresent(b::endpointOverride);
    return b.build();
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /**
   * The producer client's event loops: two threads, owned by the broker, so that closing the
   * broker can stop them without Netty's default two-second quiet period.
   */
  static SdkEventLoopGroup eventLoops() {
    return SdkEventLoopGroup.builder().numberOfThreads(2).build();
  }

  /** Stops the event loops at once (the client using them is closed already). */
  static void shutdown(SdkEventLoopGroup eventLoops) {
    eventLoops.eventLoopGroup().shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
  }

  private static Region region(ConnectionSettings s) {
    if (s.region().isPresent()) {
      return Region.of(s.region().get());
    }
    try {
      return DefaultAwsRegionProviderChain.builder().build().getRegion();
    } catch (SdkClientException e) {
      throw new ConfigurationException("no AWS region is configured: set mq.kinesis."
          + KinesisConfig.REGION + " (or AWS_REGION, or a region in the AWS profile)", e);
    }
  }

  private static AwsCredentialsProvider credentials(ConnectionSettings s) {
    if (s.accessKeyId().isPresent()) {
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(s.accessKeyId().get(), s.secretAccessKey().orElseThrow()));
    }
    return DefaultCredentialsProvider.builder().build();
  }
}
