package dev.mq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.cli.internal.StopSignal;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** mq push and mq consume on the in-memory provider. */
@ExtendWith(InMemoryProviderExtension.class)
class PushConsumeTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Cli cli = new Cli(Map.of("mq.provider", "inmemory"));

  @TempDir
  Path dir;

  @AfterEach
  void close() {
    cli.close();
  }

  @Test
  void pushedArgumentIsConsumedAsJsonWithKeyPropertiesAndId() throws Exception {
    Cli.Result push = cli.run("push", "orders", "héllo", "--key", "customer-7",
        "--property", "type=created", "--property", "source=cli", "--id", "order-1");
    assertThat(push.exit()).isZero();
    assertThat(push.out()).contains("pushed 1 message to orders (id order-1)");
    Cli.Result consume = cli.run("consume", "orders", "--json", "--wait", "200ms");
    assertThat(consume.exit()).isZero();
    JsonNode m = JSON.readTree(consume.out().strip());
    assertThat(m.get("id").asText()).isEqualTo("order-1");
    assertThat(m.get("key").asText()).isEqualTo("customer-7");
    assertThat(m.get("attempt").asInt()).isEqualTo(1);
    assertThat(m.get("properties").get("type").asText()).isEqualTo("created");
    assertThat(m.get("properties").get("source").asText()).isEqualTo("cli");
    assertThat(m.get("bodyEncoding").asText()).isEqualTo("utf-8");
    assertThat(m.get("body").asText()).isEqualTo("héllo");
  }

  @Test
  void consumeWithoutAckGivesMessagesBackAndAckTakesThem() {
    cli.run("push", "q", "one");
    Cli.Result look = cli.run("consume", "q", "--wait", "200ms");
    assertThat(look.out()).contains("one", "attempt=1");
    assertThat(look.err()).contains("looked at (given back) 1 message");
    // given back unsettled: still there, and no retry wait or reject happened
    Cli.Result again = cli.run("consume", "q", "--max", "1", "--wait", "2s");
    assertThat(again.out()).contains("one");
    Cli.Result take = cli.run("consume", "q", "--ack", "--max", "1", "--wait", "2s");
    assertThat(take.out()).contains("one");
    assertThat(take.err()).contains("acknowledged 1 message");
    Cli.Result empty = cli.run("consume", "q", "--wait", "200ms");
    assertThat(empty.out()).isEmpty();
    assertThat(empty.err()).contains("0 messages");
  }

  @Test
  void noAckNeverDeadLettersHoweverOftenOneLooks() {
    try (Cli limited = new Cli(Map.of("mq.provider", "inmemory", "mq.max-delivery-attempts", "1",
        "mq.dead-letter-queue", "{queue}-dlq"))) {
      limited.run("push", "q", "look at me");
      for (int i = 0; i < 3; i++) {
        assertThat(limited.run("consume", "q", "--no-ack", "--max", "1", "--wait", "2s").out()).contains("look at me");
      }
      assertThat(limited.run("consume", "q-dlq", "--wait", "200ms").out()).isEmpty();
    }
  }

  @Test
  void binaryFileIsPushedByteForByteAndShownAsBase64() throws Exception {
    byte[] bytes = new byte[256];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) i;
    }
    Path file = dir.resolve("body.bin");
    Files.write(file, bytes);
    assertThat(cli.run("push", "bin", "--file", file.toString()).exit()).isZero();
    JsonNode m = JSON.readTree(cli.run("consume", "bin", "--json", "--wait", "200ms").out().strip());
    assertThat(m.get("bodyEncoding").asText()).isEqualTo("base64");
    assertThat(Base64.getDecoder().decode(m.get("body").asText())).isEqualTo(bytes);
  }

  @Test
  void stdinIsTheBodyAndBase64CanBeForced() throws Exception {
    assertThat(cli.runWithInput("from stdin", "push", "s").exit()).isZero();
    JsonNode m = JSON.readTree(cli.run("consume", "s", "--json", "--base64", "--wait", "200ms").out().strip());
    assertThat(new String(Base64.getDecoder().decode(m.get("body").asText()), StandardCharsets.UTF_8))
        .isEqualTo("from stdin");
  }

  @Test
  void linesArePushedInBatchesInOrderWithKeyAndProperty() throws Exception {
    Path file = dir.resolve("lines.txt");
    Files.write(file, IntStream.range(0, 250).mapToObj(i -> "line-" + i).toList());
    Cli.Result r = cli.run("push", "l", "--lines", file.toString(), "--batch", "100", "--key", "k",
        "--property", "batch=yes");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("pushed 250 messages to l");
    List<String> bodies = new ArrayList<>();
    try (MessageQueue q = cli.broker.queue("l")) {
      for (Envelope e; (e = q.dequeue(Duration.ofMillis(200)).orElse(null)) != null; ) {
        bodies.add(e.bodyAsString());
        assertThat(e.partitionKey()).hasValue("k");
        assertThat(e.property("batch")).hasValue("yes");
        q.acknowledge(e);
      }
    }
    assertThat(bodies).containsExactlyElementsOf(IntStream.range(0, 250).mapToObj(i -> "line-" + i).toList());
  }

  @Test
  void linesFromStdinStopCleanlyAndReportWhatWasPushed() {
    StopSignal stop = new StopSignal();
    InputStream in = new LineByLine(400, 150, stop);
    Cli.Result r = cli.run(in, stop, "push", "stop", "--lines", "-", "--batch", "100");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("stopped: pushed 150 messages to stop (lines 1 to 150)");
    try (MessageQueue q = cli.broker.queue("stop")) {
      assertThat(q.dequeue(500, Duration.ofMillis(200))).hasSize(150);
    }
  }

  @Test
  void badPushInputIsAUsageError() throws Exception {
    Cli.Result both = cli.run("push", "q", "body", "--file", "x");
    assertThat(both.exit()).isEqualTo(2);
    assertThat(both.err()).contains("give one of BODY, --file and --lines");
    Cli.Result idWithLines = cli.run("push", "q", "--lines", "-", "--id", "x");
    assertThat(idWithLines.exit()).isEqualTo(2);
    assertThat(idWithLines.err()).contains("--id");
    Cli.Result missing = cli.run("push", "q", "--lines", dir.resolve("nope.txt").toString());
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("nope.txt: no such file");
    Cli.Result property = cli.run("push", "q", "x", "--property", "novalue");
    assertThat(property.exit()).isEqualTo(2);
    assertThat(property.err()).contains("novalue");
    Cli.Result badName = cli.run("push", "bad name", "x");
    assertThat(badName.exit()).isEqualTo(2);
    assertThat(badName.err()).contains("bad name");
    Cli.Result reserved = cli.run("push", "q", "x", "--id", "");
    assertThat(reserved.exit()).isEqualTo(2);
    Cli.Result wait = cli.run("consume", "q", "--wait", "soon");
    assertThat(wait.exit()).isEqualTo(2);
    assertThat(wait.err()).contains("soon");
    Cli.Result max = cli.run("consume", "q", "--max", "0");
    assertThat(max.exit()).isEqualTo(2);
  }

  @Test
  void consumeOfAGroupAndMax() {
    try (MessageQueue other = cli.broker.queue("g", "other")) {
      cli.run("push", "g", "a");
      cli.run("push", "g", "b");
      cli.run("push", "g", "c");
      Cli.Result two = cli.run("consume", "g", "--group", "other", "--max", "2", "--ack", "--wait", "200ms");
      assertThat(two.err()).contains("acknowledged 2 messages");
      Cli.Result rest = cli.run("consume", "g", "--group", "other", "--ack", "--wait", "200ms");
      assertThat(rest.out()).contains("c");
      assertThat(rest.err()).contains("acknowledged 1 message");
      // the default group has its own copy of every message
      assertThat(cli.run("consume", "g", "--wait", "200ms").err()).contains("3 messages");
    }
  }

  /** Standard input that hands out one line per read and raises the stop after {@code stopAt} lines. */
  private static final class LineByLine extends InputStream {
    private final int lines;
    private final int stopAt;
    private final StopSignal stop;
    private int given;

    LineByLine(int lines, int stopAt, StopSignal stop) {
      this.lines = lines;
      this.stopAt = stopAt;
      this.stop = stop;
    }

    @Override
    public int read() {
      throw new UnsupportedOperationException("read in lines");
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (given == lines) {
        return -1;
      }
      byte[] line = ("line-" + given + "\n").getBytes(StandardCharsets.UTF_8);
      System.arraycopy(line, 0, b, off, line.length);
      given++;
      if (given == stopAt) {
        stop.request();
      }
      return line.length;
    }
  }
}
