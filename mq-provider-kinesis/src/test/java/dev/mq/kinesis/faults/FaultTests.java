package dev.mq.kinesis.faults;


import dev.mq.kinesis.internal.KinesisBroker;
import dev.mq.kinesis.internal.ProviderTests;
import dev.mq.kinesis.testing.KinesisEndpoint;
import dev.mq.kinesis.testing.TestTimeouts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** Set-up shared by the fault tests: fast settings, connecting with interceptors, bounded waits. */
final class FaultTests {

  /** Generous bound for anything that must happen (scaled by the timeout factor). */
  static final Duration AWAIT = TestTimeouts.scaled(Duration.ofSeconds(90));
  /** Bound for a close to return and for threads to end. */
  static final Duration CLOSE_BOUND = TestTimeouts.scaled(Duration.ofSeconds(30));

  private FaultTests() {}

  /** {@link ProviderTests#config} with a short producer back-off. */
  static Map<String, String> config(KinesisEndpoint endpoint, Path dir) {
    Map<String, String> c = ProviderTests.config(endpoint, dir);
    c.put("mq.kinesis.producer-max-backoff", "500ms");
    return c;
  }

  /** Connects with these interceptors on every Kinesis client of the broker. */
  static KinesisBroker connect(Map<String, String> config, ExecutionInterceptor... interceptors) {
    return ProviderTests.connect(config, interceptors);
  }
}
