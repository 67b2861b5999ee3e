package dev.mq.sqs.internal;

import dev.mq.ConfigurationException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClientBuilder;

/** Builds the broker's SQS client from the settings. */
final class SqsClients {

  private SqsClients() {}

  /**
   * The asynchronous client. The SDK's standard retry strategy retries throttling, 5xx and I/O
   * failures {@code request-attempts} times in all, with exponential back-off and jitter.
   */
  static SqsAsyncClient create(SqsConfig c, SdkAsyncHttpClient http,
      Consumer<ClientOverrideConfiguration.Builder> customizer) {
    ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder()
        .apiCallAttemptTimeout(c.requestTimeout())
        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
            .maxAttempts(c.requestAttempts()).build());
    customizer.accept(override);
    SqsAsyncClientBuilder b = SqsAsyncClient.builder()
        .region(region(c))
        .credentialsProvider(credentials(c))
        .overrideConfiguration(override.build())
        .httpClient(http);
    c.endpoint().ifPresent(b::endpointOverride);
    return b.build();
  }

  /**
   * The HTTP client, owned by the broker (the SQS client does not close a client it was given).
   * The read timeout leaves room for the longest long poll.
   */
  static SdkAsyncHttpClient http(SqsConfig c, SdkEventLoopGroup eventLoops) {
    return NettyNioAsyncHttpClient.builder()
        .protocol(Protocol.HTTP1_1)
        .eventLoopGroup(eventLoops)
        .maxConcurrency(200)
        .maxPendingConnectionAcquires(10_000)
        .connectionTimeout(c.requestTimeout())
        .readTimeout(c.requestTimeout().plus(c.receiveWaitTime()))
        .writeTimeout(c.requestTimeout())
        .build();
  }

  /** The client's event loops: two threads, owned by the broker. */
  static SdkEventLoopGroup eventLoops() {
    return SdkEventLoopGroup.builder().numberOfThreads(2).build();
  }

  /** Stops the event loops at once (the client using them is closed already). */
  static void shutdown(SdkEventLoopGroup eventLoops) {
    eventLoops.eventLoopGroup().shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
  }

  /** The attempt timeout of a ReceiveMessage that waits {@code wait}. */
  static Duration receiveTimeout(SqsConfig c, Duration wait) {
    return c.requestTimeout().plus(wait);
  }

  private static Region region(SqsConfig c) {
    if (c.region().isPresent()) {
      return Region.of(c.region().get());
    }
    try {
      return DefaultAwsRegionProviderChain.builder().build().getRegion();
    } catch (SdkClientException e) {
      throw new ConfigurationException("no AWS region is configured: set mq.sqs." + SqsConfig.REGION
          + " (or AWS_REGION, or a region in the AWS profile)", e);
    }
  }

  private static AwsCredentialsProvider credentials(SqsConfig c) {
    if (c.accessKeyId().isPresent()) {
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(c.accessKeyId().get(), c.secretAccessKey().orElseThrow()));
    }
    return DefaultCredentialsProvider.builder().build();
  }
}
