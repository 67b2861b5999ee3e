package dev.mq.kinesis.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.mq.Broker;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.MessageQueues;
import dev.mq.Subscription;
import dev.mq.SubscriptionOptions;
import dev.mq.kinesis.KinesisProvider;
import dev.mq.kinesis.testing.KinesisEndpoint;
import dev.mq.kinesis.testing.KinesisEndpointExtension;
import dev.mq.spi.ProviderConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The access key id and the secret access key (and every key the provider declares secret) never
 * show: not in log lines (SLF4J simple output, captured from standard error, where it writes), not
 * in exception messages of malformed configuration or failed connections, not in
 * {@code toString()} of the configuration, broker, queue or subscription. The access key id is 12
 * digits, because kinesis-local uses such a key as the account id in ARNs, which would otherwise
 * reach error messages.
 */
@ExtendWith(KinesisEndpointExtension.class)
class SecretsTest {

  @TempDir
  Path dir;

  private final String accessKeyId = digits(12);
  private final String secretKey = "tck-secret-" + digits(20);
  private final List<String> shown = new ArrayList<>();
  private PrintStream originalErr;
  private final ByteArrayOutputStream logs = new ByteArrayOutputStream();

  /** Everything written to standard error from now on is kept as well as written. */
  @BeforeEach
  void captureLogs() {
    originalErr = System.err;
    PrintStream tee = new PrintStream(new OutputStream() {
      @Override
      public void write(int b) {
        synchronized (logs) {
          logs.write(b);
        }
        originalErr.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        synchronized (logs) {
          logs.write(b, off, len);
        }
        originalErr.write(b, off, len);
      }
    }, true, StandardCharsets.UTF_8);
    System.setErr(tee);
  }

  @AfterEach
  void restoreStandardError() {
    System.setErr(originalErr);
  }

  private Map<String, String> withSecrets(Map<String, String> base) {
    base.put("mq.kinesis.access-key-id", accessKeyId);
    base.put("mq.kinesis.secret-access-key", secretKey);
    base.put("mq.kinesis.checkpoint-dir", dir.toString());
    base.put("mq.kinesis.poll-interval", "200ms");
    return base;
  }

  @Test
  void malformedConfigurationNeverShowsTheKeys(KinesisEndpoint endpoint) {
    for (Map.Entry<String, String> bad : Map.of(
        "mq.kinesis.shards", "zero",
        "mq.kinesis.endpoint", "ftp://127.0.0.1",
        "mq.kinesis.no-such-key", "1",
        "mq.max-delivery-attempts", "many",
        "mq.dead-letter-queue", "bad name",
        "mq.kinesis.consumer-group", "bad group").entrySet()) {
      Map<String, String> config = withSecrets(endpoint.providerConfig());
      config.put(bad.getKey(), bad.getValue());
      Throwable thrown = catchThrowable(() -> MessageQueues.connect(config).close());
      assertThat(thrown).as("connect with %s=%s", bad.getKey(), bad.getValue()).isNotNull();
      shown.add(describe(thrown));
    }
    Map<String, String> onlyOne = withSecrets(endpoint.providerConfig());
    onlyOne.remove("mq.kinesis.access-key-id");
    shown.add(describe(catchThrowable(() -> MessageQueues.connect(onlyOne).close())));
    Map<String, String> malformedSecret = withSecrets(endpoint.providerConfig());
    ProviderConfig providerConfig = new ProviderConfig("kinesis", malformedSecret, new KinesisProvider().secretKeys());
    shown.add(describe(catchThrowable(() -> providerConfig.intValue("secret-access-key", 0, 0, 1))));
    shown.add(describe(catchThrowable(() -> providerConfig.duration("access-key-id", Duration.ZERO, Duration.ZERO,
        Duration.ofSeconds(1)))));
    shown.add(describe(catchThrowable(() -> providerConfig.booleanValue("secret-access-key", false))));
    shown.add(providerConfig.toString());
    assertNoSecretShown();
  }

  @Test
  void aBrokerAtWorkNeverShowsTheKeys(KinesisEndpoint endpoint) {
    Map<String, String> config = withSecrets(endpoint.providerConfig());
    try (Broker broker = MessageQueues.connect(config)) {
      shown.add(broker.toString());
      String name = "secrets-" + digits(8);
      MessageQueue q = broker.queue(name);
      shown.add(q.toString());
      q.push(Envelope.builder().body("hello").partitionKey("k").build());
      Envelope e = Records.receive(q, 1).get(0);
      shown.add(e.toString());
      q.reject(e, false, "dropped on purpose: logs a WARN line");
      Subscription s = q.subscribe(x -> { }, SubscriptionOptions.builder().pollWait(Duration.ofMillis(100)).build());
      shown.add(s.toString());
      s.close();
      shown.add(describe(catchThrowable(() -> q.acknowledge(e))));
      shown.add(describe(catchThrowable(() -> broker.queue("bad name"))));
      shown.add(describe(catchThrowable(() -> broker.queue(name, "bad group"))));
      q.close();
      shown.add(describe(catchThrowable(() -> q.push(Envelope.of("after close")))));
    }
    Map<String, String> noStreams = withSecrets(endpoint.providerConfig());
    noStreams.put("mq.kinesis.create-streams", "false");
    try (Broker broker = MessageQueues.connect(noStreams)) {
      shown.add(describe(catchThrowable(() -> broker.queue("no-such-stream-" + digits(8)))));
    }
    synchronized (logs) {
      assertThat(logs.toString(StandardCharsets.UTF_8)).as("the WARN line of the drop was captured")
          .contains("dropped on purpose");
    }
    assertNoSecretShown();
  }

  @Test
  void aFailedConnectionNeverShowsTheKeys() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    Map<String, String> config = withSecrets(new HashMap<>(Map.of(
        "mq.provider", "kinesis",
        "mq.kinesis.endpoint", "http://127.0.0.1:" + closedPort,
        "mq.kinesis.region", "us-east-1",
        "mq.kinesis.create-streams", "true",
        "mq.kinesis.request-timeout", "500ms",
        "mq.kinesis.stream-ready-timeout", "1s")));
    Broker broker = null;
    try {
      broker = MessageQueues.connect(config);
      shown.add(broker.toString());
      Broker b = broker;
      Throwable thrown = catchThrowable(() -> b.queue("unreachable"));
      assertThat(thrown).as("queue() against a closed port").isNotNull();
      shown.add(describe(thrown));
    } catch (RuntimeException e) {
      shown.add(describe(e));
    } finally {
      if (broker != null) {
        broker.close();
      }
    }
    assertNoSecretShown();
  }

  private void assertNoSecretShown() {
    String logText;
    synchronized (logs) {
      logText = logs.toString(StandardCharsets.UTF_8);
    }
    shown.add(logText);
    assertThat(shown).allSatisfy(text -> assertThat(text)
        .doesNotContain(secretKey)
        .doesNotContain(accessKeyId));
  }

  /** Every message and toString of a throwable, its causes and suppressed ones, with stack traces. */
  static String describe(Throwable t) {
    StringBuilder sb = new StringBuilder();
    ArrayDeque<Throwable> todo = new ArrayDeque<>();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    if (t != null) {
      todo.add(t);
    }
    while (!todo.isEmpty()) {
      Throwable next = todo.poll();
      if (!seen.add(next)) {
        continue;
      }
      sb.append(next).append('\n');
      if (next.getCause() != null) {
        todo.add(next.getCause());
      }
      todo.addAll(List.of(next.getSuppressed()));
    }
    return sb.toString();
  }

  private static String digits(int n) {
    SecureRandom random = new SecureRandom();
    StringBuilder sb = new StringBuilder();
    sb.append((char) ('1' + random.nextInt(9)));
    while (sb.length() < n) {
      sb.append((char) ('0' + random.nextInt(10)));
    }
    return sb.toString();
  }

}
