package dev.mq.kinesis.internal;

import dev.mq.ConfigurationException;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.KinesisClientBuilder;

/** Builds the broker's synchronous Kinesis client from the settings. */
final class KinesisClients {

  private KinesisClients() {}

  static KinesisClient create(KinesisSettings s, Consumer<ClientOverrideConfiguration.Builder> customizer) {
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

  private static Region region(KinesisSettings s) {
    if (s.region().isPresent()) {
      return Region.of(s.region().get());
    }
    try {
      return DefaultAwsRegionProviderChain.builder().build().getRegion();
    } catch (SdkClientException e) {
      throw new ConfigurationException("no AWS region is configured: set mq.kinesis."
          + KinesisSettings.REGION + " (or AWS_REGION, or a region in the AWS profile)", e);
    }
  }

  private static AwsCredentialsProvider credentials(KinesisSettings s) {
    if (s.accessKeyId().isPresent()) {
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(s.accessKeyId().get(), s.secretAccessKey().orElseThrow()));
    }
    return DefaultCredentialsProvider.builder().build();
  }
}
