package dev.mq.sqs.testing;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.elasticmq.StrictSQSLimits$;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The SQS endpoint of the tests, chosen once per test JVM: {@code MQ_SQS_ENDPOINT} when set
 * (LocalStack, or real SQS with credentials from the environment); else LocalStack in Docker
 * through Testcontainers when {@code -Dsqs.test-server=localstack} asks for it; else an
 * ElasticMQ started in this process, bound to 127.0.0.1 on a free port, with SQS's strict limits
 * set explicitly. ElasticMQ is the default although Docker may be present: it needs nothing
 * outside the JVM, and only it can be restarted with its messages kept, which the DURABLE rules
 * need. ElasticMQ 1.6.14 enforces the old 256 KiB message size, so {@link #maxMessageSize()} is
 * what the provider is configured with against it.
 */
public final class SqsTestServer {

  /** ElasticMQ's largest message under its strict limits. */
  public static final int ELASTICMQ_MAX_MESSAGE_SIZE = 256 * 1024;
  /** System property choosing the test server: {@code elasticmq} (default) or {@code localstack}. */
  public static final String SERVER_PROPERTY = "sqs.test-server";

  private static final String LOCALSTACK_IMAGE = "localstack/localstack:4.4";

  private static String endpoint;
  private static String accessKey = "test";
  private static String secretKey = "test-secret";
  private static PersistentElasticMq durable;

  private SqsTestServer() {}

  /** The endpoint, starting ElasticMQ or LocalStack on first use. */
  public static synchronized String endpoint() {
    if (endpoint == null) {
      String external = System.getenv("MQ_SQS_ENDPOINT");
      if (external != null && !external.isBlank()) {
        endpoint = external.trim();
      } else if (wantsLocalStack()) {
        endpoint = startLocalStack();
      } else {
        SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort()
            .withSQSLimits(StrictSQSLimits$.MODULE$).start();
        int port = server.waitUntilStarted().localAddress().getPort();
        endpoint = "http://127.0.0.1:" + port;
        Runtime.getRuntime().addShutdownHook(new Thread(server::stopAndWait, "elasticmq-stop"));
      }
    }
    return endpoint;
  }

  private static boolean wantsLocalStack() {
    String server = System.getProperty(SERVER_PROPERTY, "elasticmq").trim();
    if (server.equals("localstack")) {
      return true;
    }
    if (!server.equals("elasticmq")) {
      throw new IllegalStateException(SERVER_PROPERTY + " must be elasticmq or localstack: " + server);
    }
    return false;
  }

  private static String startLocalStack() {
    if (!dockerAvailable()) {
      throw new IllegalStateException("-D" + SERVER_PROPERTY + "=localstack needs a running Docker "
          + "engine, and none answered; leave the property out to use the in-process ElasticMQ");
    }
    int hostPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      hostPort = s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // Testcontainers publishes on every interface by default; pin the port to loopback.
    @SuppressWarnings("resource") // stopped by the shutdown hook
    LocalStackContainer container = new LocalStackContainer(DockerImageName.parse(LOCALSTACK_IMAGE))
        .withServices("sqs")
        .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withPortBindings(
            new PortBinding(Ports.Binding.bindIpAndPort("127.0.0.1", hostPort), ExposedPort.tcp(4566))));
    container.start();
    Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "localstack-stop"));
    accessKey = container.getAccessKey();
    secretKey = container.getSecretKey();
    return "http://127.0.0.1:" + hostPort;
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  /**
   * The endpoint of a second ElasticMQ in this JVM that keeps its messages in an H2 file under
   * {@code target/}, for the DURABLE rules; {@code MQ_SQS_ENDPOINT} when that is set.
   */
  public static synchronized String durableEndpoint() {
    if (!isElasticMq()) {
      return endpoint();
    }
    if (durable == null) {
      durable = new PersistentElasticMq(Path.of("target", "elasticmq-" + UUID.randomUUID()));
      Runtime.getRuntime().addShutdownHook(new Thread(durable::stop, "elasticmq-durable-stop"));
    }
    return durable.endpoint();
  }

  /**
   * Restarts the durable ElasticMQ for real (a new server restored from its file, on the same
   * port); with {@code MQ_SQS_ENDPOINT} set nothing can be restarted, and closing and reconnecting
   * the client is the restart.
   */
  public static synchronized void restartDurable() {
    if (durable != null) {
      durable.restart();
    }
  }

  /** True when the tests run against the in-process ElasticMQ. */
  public static boolean isElasticMq() {
    String external = System.getenv("MQ_SQS_ENDPOINT");
    return (external == null || external.isBlank()) && !wantsLocalStack();
  }

  /** True when the tests run against LocalStack started here. */
  private static boolean isLocalStack() {
    String external = System.getenv("MQ_SQS_ENDPOINT");
    return (external == null || external.isBlank()) && wantsLocalStack();
  }

  /** The largest message the server takes: 256 KiB for ElasticMQ, SQS's 1 MiB otherwise. */
  public static int maxMessageSize() {
    return isElasticMq() ? ELASTICMQ_MAX_MESSAGE_SIZE : 1024 * 1024;
  }

  /**
   * The TCK's restarts-under-load size (rule 3.8): the kit's default in the long mode
   * ({@code -Dsqs.test.long=true}), else 3,000, which keeps that one test near half a minute per
   * TCK class instead of one to three minutes (FIFO queues are received one message per call).
   */
  public static int restartLoadMessages(int kitDefault) {
    return Boolean.getBoolean("sqs.test.long") ? kitDefault : Math.min(kitDefault, 3_000);
  }

  /** A configuration for the server: provider, endpoint, region, static test credentials. */
  public static Map<String, String> config() {
    Map<String, String> c = new HashMap<>();
    c.put("mq.provider", "sqs");
    String url = endpoint();
    c.put("mq.sqs.endpoint", url);
    c.put("mq.sqs.region", "us-east-1");
    if (isElasticMq() || isLocalStack()) {
      c.put("mq.sqs.access-key-id", accessKey);
      c.put("mq.sqs.secret-access-key", secretKey);
    }
    c.put("mq.sqs.max-message-size", Integer.toString(maxMessageSize()));
    return c;
  }
}
