package dev.mq.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mq.Broker;
import dev.mq.MessageQueues;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class OrderPipelineTest {

  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);
  @Test
  void everyOrderIsProcessedOrDeadLetteredInCustomerOrder() throws Exception {
    PipelineSummary s;
    try (Broker broker = MessageQueues.connect()) {
      assertThat(broker.provider()).isEqualTo("inmemory");
      s = OrderPipeline.run(broker, OrderPipeline.ORDERS, Duration.ofSeconds(60), out);
    }
    assertThat(s.pushed()).isEqualTo(1000);
    assertThat(s.expectedPoison()).isEqualTo(20);
    assertThat(s.processed()).isEqualTo(980);
    assertThat(s.deadLettered()).isEqualTo(20);
    assertThat(s.redeliveries()).isEqualTo(20 * 2); // three attempts each
    assertThat(s.duplicates()).isZero();
    assertThat(s.orderViolations()).isZero();
    assertThat(s.complete()).isTrue();
    String printed = captured.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("OK: every order is accounted for")
        .contains("dead letter order-00049 (customer-09, 3 attempts): handler threw")
        .contains("negative amount -");
  }

  @Test
  void mainRunsTheWholePipeline() {
    PrintStream original = System.out;
    System.setOut(out);
    try {
      org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> OrderPipeline.main(new String[0]));
    } finally {
      System.setOut(original);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8)).contains("processed            980");
  }

  @Test
  void mainFailsWhenOrdersAreUnaccountedFor() {
    System.setProperty("mq.dead-letter-queue", ""); // no dead-letter queue: poison is dropped
    PrintStream original = System.out;
    System.setOut(out);
    try {
      assertThatThrownBy(() -> OrderPipeline.main(new String[] {"60", "1"}))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("unaccounted");
    } finally {
      System.setOut(original);
      System.clearProperty("mq.dead-letter-queue");
    }
    assertThat(captured.toString(StandardCharsets.UTF_8)).contains("processed             59");
  }

  @Test
  void mainRejectsMalformedArguments() {
    assertThatThrownBy(() -> OrderPipeline.main(new String[] {"many"}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'many'");
    assertThatThrownBy(() -> OrderPipeline.main(new String[] {"10", "0"}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
  }

  @Test
  void withoutADeadLetterQueueThePoisonIsUnaccountedForAndTheRunFails() throws Exception {
    PipelineSummary s;
    // retries at once: within the 2 s run, a poison order's waits would hold its customer back
    try (Broker broker = MessageQueues.connect(Map.of("mq.provider", "inmemory",
        "mq.retry.initial-delay", "0ms"))) {
      s = OrderPipeline.run(broker, 100, Duration.ofSeconds(2), out);
    }
    assertThat(s.processed()).isEqualTo(98);
    assertThat(s.deadLettered()).isZero();
    assertThat(s.complete()).isFalse();
    assertThat(captured.toString(StandardCharsets.UTF_8))
        .contains("timed out").contains("FAILED");
  }

  @Test
  void generatorIsDeterministic() {
    List<Order> orders = OrderGenerator.orders(100, 20);
    assertThat(orders).isEqualTo(OrderGenerator.orders(100, 20));
    assertThat(orders.stream().filter(Order::isPoison).map(Order::id))
        .containsExactly("order-00049", "order-00099");
    assertThat(orders.get(21)).extracting(Order::customer, Order::sequence).containsExactly("customer-01", 1);
    assertThatThrownBy(() -> OrderGenerator.orders(1, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void ordersSurviveTheTripThroughAnEnvelope() {
    Order o = OrderGenerator.orders(50, 20).get(49);
    assertThat(Order.fromEnvelope(o.toEnvelope())).isEqualTo(o);
    assertThatThrownBy(() -> Order.fromEnvelope(dev.mq.Envelope.of("no properties")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("customer");
  }

  @Test
  void summaryIsIncompleteOnDuplicatesOrViolations() {
    assertThat(new PipelineSummary(10, 9, 2, 1, 0, 0, 1).complete()).isTrue();
    assertThat(new PipelineSummary(10, 9, 2, 1, 1, 0, 1).complete()).isFalse();
    assertThat(new PipelineSummary(10, 9, 2, 1, 0, 1, 1).complete()).isFalse();
    assertThat(new PipelineSummary(10, 8, 2, 1, 0, 0, 1).complete()).isFalse();
    assertThat(new PipelineSummary(10, 10, 0, 0, 0, 0, 1).complete()).isFalse();
  }
}
