package dev.mq.sqs.testing;

import dev.mq.Broker;
import dev.mq.MessageQueues;
import dev.mq.sqs.internal.SqsBroker;
import dev.mq.sqs.internal.SqsConfig;
import dev.mq.spi.ProviderConfig;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/** Shared bits of the provider tests: configurations, brokers, a raw SQS client, fresh names. */
public final class SqsTests {

  private SqsTests() {}

  /** A fresh queue name. */
  public static String uniqueName() {
    return "t-" + UUID.randomUUID().toString().substring(0, 12);
  }

  /** The test server's configuration plus {@code overrides} (key=value pairs). */
  public static Map<String, String> config(String... overrides) {
    Map<String, String> c = new HashMap<>(SqsTestServer.config());
    for (int i = 0; i + 1 < overrides.length; i += 2) {
      c.put(overrides[i], overrides[i + 1]);
    }
    return c;
  }

  /** A broker through {@link MessageQueues}. */
  public static Broker connect(String... overrides) {
    return MessageQueues.connect(config(overrides));
  }

  /** A broker whose HTTP client {@code wrapper} wraps (fault injection). */
  public static Broker connect(UnaryOperator<SdkAsyncHttpClient> wrapper, String... overrides) {
    ProviderConfig pc = new ProviderConfig("sqs", config(overrides), SqsConfig.SECRET_KEYS);
    return SqsBroker.connect(new SqsConfig(pc), b -> { }, wrapper);
  }

  /** A raw SQS client for the test server, as another producer would use. */
  public static SqsAsyncClient rawClient() {
    return SqsAsyncClient.builder()
        .endpointOverride(URI.create(SqsTestServer.endpoint()))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test-secret")))
        .build();
  }
}
