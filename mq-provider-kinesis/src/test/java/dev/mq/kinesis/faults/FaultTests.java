package dev.mq.kinesis.faults;


import dev.mq.kinesis.internal.KinesisBroker;
import dev.mq.kinesis.testing.KinesisEndpoint;
import dev.mq.kinesis.testing.TestTimeouts;
import dev.mq.spi.ProviderConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** Set-up shared by the fault tests: fast settings, connecting with interceptors, bounded waits. */
final class FaultTests {

  /** Generous bound for anything that must happen (scaled by the timeout factor). */
  static final Duration AWAIT = TestTimeouts.scaled(Duration.ofSeconds(90));
  /** Bound for a close to return and for threads to end. */
  static final Duration CLOSE_BOUND = TestTimeouts.scaled(Duration.ofSeconds(30));

  private FaultTests() {}

  /** The endpoint's configuration: file store under {@code dir}, fast polling, short back-off. */
  static Map<String, String> config(KinesisEndpoint endpoint, Path dir) {
    Map<String, String> c = endpoint.providerConfig();
    c.put("mq.kinesis.checkpoint-store", "file");
    c.put("mq.kinesis.checkpoint-dir", dir.toString());
    c.put("mq.kinesis.poll-interval", "200ms");
    c.put("mq.kinesis.checkpoint-interval", "50ms");
    c.put("mq.kinesis.shard-discovery-interval", "300ms");
    c.put("mq.kinesis.read-backoff-max", "1s");
    c.put("mq.kinesis.producer-max-backoff", "500ms");
    return c;
  }

  /** Connects with these interceptors on every Kinesis client of the broker. */
  static KinesisBroker connect(Map<String, String> config, ExecutionInterceptor... interceptors) {
    return KinesisBroker.connect(ProviderConfig.of("kinesis", config),
        (ClientOverrideConfiguration.Builder b) -> {
          for (ExecutionInterceptor i : interceptors) {
            b.addExecutionInterceptor(i);
          }
        });
  }
}
