package dev.mq.examples;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.elasticmq.StrictSQSLimits$;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/**
 * {@link OrderPipeline} on the {@code sqs} provider, for
 * {@code ./mvnw -B -q -pl mq-examples -am package -DskipTests -Prun-example -Dmq.provider=sqs}.
 * Without an endpoint ({@code -Dmq.sqs.endpoint=...} or {@code MQ_SQS_ENDPOINT}) it starts an
 * ElasticMQ in this JVM on 127.0.0.1 and a free port, with SQS's strict limits and static test
 * credentials, and stops it at the end.
 *
 * <p>Unless set otherwise, the queues are FIFO queues ({@code mq.sqs.fifo=true}), because the
 * pipeline checks per-customer order, which standard SQS queues do not keep; and their names get
 * a fresh prefix ({@code mq.sqs.queue-prefix=example-<random>-}), because FIFO queues drop a
 * message id pushed again within five minutes, so a second run against the same server would
 * otherwise lose its orders to the first run's deduplication.
 */
public final class SqsOrderPipeline {

  /** ElasticMQ's largest message under its strict limits (SQS's old limit). */
  private static final String ELASTICMQ_MAX_MESSAGE_SIZE = Integer.toString(256 * 1024);

  private SqsOrderPipeline() {}

  /**
   * Runs the pipeline on SQS; the arguments are those of {@link OrderPipeline#main}.
   *
   * @param args as for {@link OrderPipeline#main(String[])}
   * @throws IllegalStateException when an order is unaccounted for (so the process exits non-zero)
   * @throws InterruptedException if interrupted while waiting for the orders
   */
  public static void main(String[] args) throws InterruptedException {
    System.setProperty("mq.provider", "sqs");
    setIfAbsent("mq.sqs.fifo", "true");
    byte[] token = new byte[4];
    new SecureRandom().nextBytes(token);
    setIfAbsent("mq.sqs.queue-prefix", "example-" + HexFormat.of().formatHex(token) + "-");
    SQSRestServer server = null;
    if (!isSet("mq.sqs.endpoint")) {
      server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort()
          .withSQSLimits(StrictSQSLimits$.MODULE$).start();
      int port = server.waitUntilStarted().localAddress().getPort();
      System.out.println("ElasticMQ started on http://127.0.0.1:" + port);
      System.setProperty("mq.sqs.endpoint", "http://127.0.0.1:" + port);
      setIfAbsent("mq.sqs.region", "us-east-1");
      setIfAbsent("mq.sqs.access-key-id", "example");
      setIfAbsent("mq.sqs.secret-access-key", "example");
      setIfAbsent("mq.sqs.max-message-size", ELASTICMQ_MAX_MESSAGE_SIZE);
    }
    try {
      OrderPipeline.main(args);
    } finally {
      if (server != null) {
        server.stopAndWait();
      }
    }
  }

  /** Whether {@code key} is set as a system property or as its {@code MQ_*} variable. */
  private static boolean isSet(String key) {
    String env = System.getenv(key.toUpperCase().replace('.', '_').replace('-', '_'));
    return System.getProperty(key) != null || (env != null && !env.isBlank());
  }

  private static void setIfAbsent(String key, String value) {
    if (!isSet(key)) {
      System.setProperty(key, value);
    }
  }
}
