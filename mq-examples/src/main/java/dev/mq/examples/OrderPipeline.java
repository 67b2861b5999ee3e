package dev.mq.examples;

import dev.mq.Broker;
import dev.mq.MessageQueue;
import dev.mq.MessageQueues;
import dev.mq.Subscription;
import dev.mq.SubscriptionOptions;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The example: a producer pushes orders for 20 customers, a subscription with concurrency 4
 * processes them in per-customer order, poison orders are retried up to the attempt limit and
 * land on the dead-letter queue, and a second subscription drains that queue. Prints a summary
 * and fails if any order is unaccounted for.
 *
 * <p>Run with {@code ./mvnw -B -q -pl mq-examples -am package -DskipTests -Prun-example}. The
 * broker comes from {@code MessageQueues.connect()}, so {@code mq.properties} (in-memory,
 * 3 attempts retried after 200 ms and 400 ms, dead-letter queue {@code {queue}-dlq}) can be
 * overridden with {@code -Dmq.…} system properties or {@code MQ_*} environment variables.
 */
public final class OrderPipeline {

  /** The queue the orders go to. */
  public static final String QUEUE = "orders";
  /** Orders pushed by {@link #main}. */
  public static final int ORDERS = 1000;
  /** Customers, and so partition keys. */
  public static final int CUSTOMERS = 20;
  /** Handlers running at once. */
  public static final int CONCURRENCY = 4;
  /** Longest wait for every order to be accounted for. */
  public static final Duration TIMEOUT = Duration.ofSeconds(60);

  private OrderPipeline() {}

  /**
   * Runs the pipeline on the configured broker. Optional arguments: the number of orders
   * (default {@value #ORDERS}) and the longest wait in seconds (default 60).
   *
   * @param args optional: the number of orders, then the longest wait in seconds
   * @throws IllegalStateException when an order is unaccounted for (so the process exits non-zero)
   * @throws IllegalArgumentException for malformed arguments
   * @throws InterruptedException if interrupted while waiting for the orders
   */
  public static void main(String[] args) throws InterruptedException {
    int orders = args.length > 0 ? positive(args[0], "number of orders") : ORDERS;
    Duration timeout = args.length > 1
        ? Duration.ofSeconds(positive(args[1], "timeout in seconds")) : TIMEOUT;
    PipelineSummary summary;
    try (Broker broker = MessageQueues.connect()) {
      summary = run(broker, orders, timeout, System.out);
    }
    if (!summary.complete()) {
      throw new IllegalStateException("the order pipeline left orders unaccounted for: " + summary);
    }
  }

  private static int positive(String arg, String what) {
    try {
      int v = Integer.parseInt(arg.trim());
      if (v > 0 && v <= 1_000_000) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(what + " must be a whole number from 1 to 1000000: '" + arg + "'");
  }

  /**
   * Pushes {@code count} orders to {@value #QUEUE}, processes them and drains its dead-letter
   * queue, waiting at most {@code timeout} for every order to be processed or dead-lettered.
   *
   * @param broker the broker to run on
   * @param count how many orders to push
   * @param timeout the longest wait for every order to be accounted for
   * @param out where to print progress
   * @return what happened to the orders
   * @throws InterruptedException if interrupted while waiting
   */
  public static PipelineSummary run(Broker broker, int count, Duration timeout, PrintStream out)
      throws InterruptedException {
    List<Order> orders = OrderGenerator.orders(count, CUSTOMERS);
    int poison = (int) orders.stream().filter(Order::isPoison).count();
    CountDownLatch accounted = new CountDownLatch(count);
    OrderProcessor processor = new OrderProcessor(accounted);
    DeadLetterReporter reporter = new DeadLetterReporter(out, accounted);
    String deadLetterQueue = QUEUE + "-dlq";
    out.printf("Order pipeline on provider '%s': %d orders, %d customers, concurrency %d%n",
        broker.provider(), count, CUSTOMERS, CONCURRENCY);

    try (MessageQueue dlq = broker.queue(deadLetterQueue);
        MessageQueue queue = broker.queue(QUEUE)) {
      Subscription processing = queue.subscribe(processor, SubscriptionOptions.builder()
          .concurrency(CONCURRENCY).pollWait(Duration.ofMillis(200)).build());
      Subscription draining = dlq.subscribe(reporter, SubscriptionOptions.builder()
          .pollWait(Duration.ofMillis(200)).build());
      try {
        for (Order o : orders) {
          queue.push(o.toEnvelope());
        }
        if (!accounted.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          out.printf("timed out after %s waiting for %d orders%n", timeout, accounted.getCount());
        }
      } finally {
        processing.close();
        draining.close();
      }
    }
    PipelineSummary summary = new PipelineSummary(count, processor.processed(),
        processor.redeliveries(), reporter.deadLettered(), processor.duplicates(),
        processor.orderViolations(), poison);
    summary.print(out);
    return summary;
  }
}
