package dev.mq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mq.DeadLetters;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.cli.internal.StopSignal;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** mq dlq QUEUE count|show|replay|purge on the in-memory provider. */
@ExtendWith(InMemoryProviderExtension.class)
class DlqTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Cli cli = new Cli(Map.of("mq.provider", "inmemory", "mq.dead-letter-queue", "{queue}-dlq"));

  @BeforeEach
  void deadLetterFive() {
    try (MessageQueue orders = cli.broker.queue("orders")) {
      for (int i = 0; i < 5; i++) {
        orders.push(Envelope.builder().body("order-" + i).messageId("id-" + i)
            .property("type", "created").build());
      }
      for (int i = 0; i < 5; i++) {
        Envelope e = orders.dequeue(Duration.ofSeconds(5)).orElseThrow();
        orders.reject(e, false, i < 3 ? "payment service down" : "malformed order");
      }
    }
  }

  @AfterEach
  void close() {
    cli.close();
  }

  @Test
  void countGroupsBySourceAndReasonAndConsumesNothing() {
    for (int i = 0; i < 2; i++) {
      Cli.Result r = cli.run("dlq", "orders-dlq", "count", "--wait", "200ms");
      assertThat(r.exit()).isZero();
      assertThat(r.out()).contains("5 dead letters in orders-dlq", "source orders: 5",
          "reason malformed order: 2", "reason payment service down: 3");
    }
  }

  @Test
  void showPrintsReasonSourceAndAttempts() throws Exception {
    Cli.Result r = cli.run("dlq", "orders-dlq", "show", "--json", "--max", "2", "--wait", "200ms");
    assertThat(r.exit()).isZero();
    List<String> lines = r.out().strip().lines().toList();
    assertThat(lines).hasSize(2);
    JsonNode m = JSON.readTree(lines.get(0));
    assertThat(m.get("id").asText()).isEqualTo("id-0");
    assertThat(m.get("properties").get(DeadLetters.REASON).asText()).isEqualTo("payment service down");
    assertThat(m.get("properties").get(DeadLetters.SOURCE_QUEUE).asText()).isEqualTo("orders");
    assertThat(m.get("properties").get(DeadLetters.DELIVERY_ATTEMPTS).asText()).isEqualTo("1");
    assertThat(cli.run("dlq", "orders-dlq", "show", "--wait", "200ms").out())
        .contains("--- id=id-4", "mq.dead-letter.reason=malformed order", "order-4");
  }

  @Test
  void replayPushesToTheSourceQueueFilteredByReasonThenAcknowledges() {
    Cli.Result dry = cli.run("dlq", "orders-dlq", "replay", "--reason-contains", "payment", "--dry-run", "--wait", "200ms");
    assertThat(dry.exit()).isZero();
    assertThat(dry.out()).contains("would replay id-0 to orders", "would replay 3 dead letters",
        "2 not matching --reason-contains");
    assertThat(cli.run("dlq", "orders-dlq", "count", "--wait", "200ms").out()).contains("5 dead letters");

    Cli.Result r = cli.run("dlq", "orders-dlq", "replay", "--reason-contains", "payment", "--wait", "200ms");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("replayed 3 dead letters to their source queues");
    assertThat(cli.run("dlq", "orders-dlq", "count", "--wait", "200ms").out())
        .contains("2 dead letters", "reason malformed order: 2");
    try (MessageQueue orders = cli.broker.queue("orders")) {
      List<Envelope> back = orders.dequeue(10, Duration.ofMillis(500));
      assertThat(back).extracting(Envelope::messageId).containsExactlyInAnyOrder("id-0", "id-1", "id-2");
      assertThat(back).allSatisfy(e -> {
        assertThat(e.properties()).containsEntry("type", "created").doesNotContainKeys(
            DeadLetters.REASON, DeadLetters.SOURCE_QUEUE, DeadLetters.SOURCE_GROUP, DeadLetters.DELIVERY_ATTEMPTS);
        assertThat(e.deliveryAttempt()).isEqualTo(1);
      });
    }
  }

  @Test
  void replaySinceTakesOnlyDeadLettersFromThatMomentOn() {
    Instant boundary = Instant.now();
    while (!Instant.now().isAfter(boundary)) {
      Thread.onSpinWait(); // the next dead letter's time must fall after the boundary
    }
    try (MessageQueue orders = cli.broker.queue("orders")) {
      orders.push(Envelope.builder().body("late").messageId("id-late").build());
      orders.reject(orders.dequeue(Duration.ofSeconds(5)).orElseThrow(), false, "late failure");
    }
    Cli.Result r = cli.run("dlq", "orders-dlq", "replay", "--since", boundary.toString(), "--to", "retry",
        "--wait", "200ms");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("replayed 1 dead letter to retry", "5 dead-lettered before " + boundary);
    try (MessageQueue retry = cli.broker.queue("retry")) {
      assertThat(retry.dequeue(10, Duration.ofMillis(500))).extracting(Envelope::messageId).containsExactly("id-late");
    }
    Cli.Result lastHour = cli.run("dlq", "orders-dlq", "replay", "--since", "1h", "--to", "retry", "--wait", "200ms");
    assertThat(lastHour.out()).contains("replayed 5 dead letters to retry");
    assertThat(cli.run("dlq", "orders-dlq", "count", "--wait", "200ms").out()).contains("0 dead letters");
  }

  @Test
  void replaySinceRefusesAMalformedMoment() {
    Cli.Result r = cli.run("dlq", "orders-dlq", "replay", "--since", "yesterday", "--wait", "200ms");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("'yesterday' is neither an instant");
    assertThat(cli.run("dlq", "orders-dlq", "count", "--wait", "200ms").out()).contains("5 dead letters");
  }

  @Test
  void replayToAnotherQueueAndMax() {
    Cli.Result one = cli.run("dlq", "orders-dlq", "replay", "--to", "retry", "--max", "1", "--wait", "200ms");
    assertThat(one.out()).contains("replayed 1 dead letter to retry");
    Cli.Result rest = cli.run("dlq", "orders-dlq", "replay", "--to", "retry", "--wait", "200ms");
    assertThat(rest.out()).contains("replayed 4 dead letters to retry");
    assertThat(cli.run("dlq", "orders-dlq", "count", "--wait", "200ms").out()).contains("0 dead letters");
    try (MessageQueue retry = cli.broker.queue("retry")) {
      assertThat(retry.dequeue(10, Duration.ofMillis(500))).hasSize(5);
    }
  }

  @Test
  void aFailedPushLeavesTheDeadLetterWhereItWas() {
    Cli.Result r = cli.run("dlq", "orders-dlq", "replay", "--to", "no/such queue", "--wait", "200ms");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out()).contains("could not push id-0 to no/such queue; it stays in orders-dlq");
    assertThat(r.err()).contains("no/such queue");
    assertThat(cli.run("dlq", "orders-dlq", "count", "--wait", "200ms").out()).contains("5 dead letters");
  }

  @Test
  void stopBeforeTheFirstDeadLetterReportsAndKeepsEverything() {
    StopSignal stop = new StopSignal();
    stop.request();
    Cli.Result r = cli.run(new ByteArrayInputStream(new byte[0]), stop, "dlq", "orders-dlq", "replay", "--wait", "200ms");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("stopped: replayed 0 dead letters");
    assertThat(cli.run("dlq", "orders-dlq", "count", "--wait", "200ms").out()).contains("5 dead letters");
  }

  @Test
  void purgeAsksUnlessYes() {
    Cli.Result no = cli.runWithInput("no\n", "dlq", "orders-dlq", "purge", "--wait", "200ms");
    assertThat(no.exit()).isEqualTo(1);
    assertThat(no.err()).contains("Type 'yes'");
    assertThat(no.out()).contains("not purged");
    assertThat(cli.run("dlq", "orders-dlq", "count", "--wait", "200ms").out()).contains("5 dead letters");

    Cli.Result yes = cli.runWithInput("yes\n", "dlq", "orders-dlq", "purge", "--max", "2", "--wait", "200ms");
    assertThat(yes.exit()).isZero();
    assertThat(yes.out()).contains("purged 2 dead letters from orders-dlq");
    Cli.Result forced = cli.run("dlq", "orders-dlq", "purge", "--yes", "--wait", "200ms");
    assertThat(forced.out()).contains("purged 3 dead letters");
    assertThat(cli.run("dlq", "orders-dlq", "count", "--wait", "200ms").out()).contains("0 dead letters");
  }

  @Test
  void dlqWithoutSubcommandOrQueueIsAUsageError() {
    assertThat(cli.run("dlq", "orders-dlq").exit()).isEqualTo(2);
    assertThat(cli.run("dlq").exit()).isEqualTo(2);
    assertThat(cli.run("dlq", "orders-dlq", "count", "--group", "bad group").exit()).isEqualTo(2);
  }
}
