package dev.mq.tck.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mq.Broker;
import dev.mq.Capability;
import dev.mq.ConfigKeys;
import dev.mq.DeadLetters;
import dev.mq.Envelope;
import dev.mq.EnvelopeLimits;
import dev.mq.MessageQueue;
import dev.mq.MessageTooLargeException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Rules 2.x: push, pushAll and pushAsync. Over 350 lines because it holds every rule test of SPEC
 * area 2, one method each, which {@code MessageQueueTck.Push} runs as one group.
 */
public abstract class PushRules extends RuleTests {

  /**
   * The tests, for {@code fixture}.
   *
   * @param fixture the provider's hooks, from {@code MessageQueueTck}
   */
  protected PushRules(TckFixture fixture) {
    super(fixture);
  }

  @Test
  @DisplayName("2.1 a pushed message is accepted and delivered")
  void rule_2_1_pushedMessageIsDelivered() {
    MessageQueue q = session.connect().queue(session.uniqueName());
    q.push(message("hello"));
    assertThat(session.receive(q).bodyAsString()).isEqualTo("hello");
  }

  @Test
  @DisplayName("2.2 every byte value 0..255 is delivered byte for byte")
  void rule_2_2_binaryBodyIsDeliveredByteForByte() {
    MessageQueue q = session.connect().queue(session.uniqueName());
    byte[] body = new byte[512];
    for (int i = 0; i < body.length; i++) {
      body[i] = (byte) (i % 256);
    }
    q.push(Envelope.of(body));
    assertThat(session.receive(q).body()).as("delivered body bytes").isEqualTo(body);
  }

  @Test
  @DisplayName("2.2 an empty body is delivered empty")
  void rule_2_2_emptyBodyIsDelivered() {
    MessageQueue q = session.connect().queue(session.uniqueName());
    Envelope sent = Envelope.builder().property("tck", "empty").build();
    q.push(sent);
    Envelope got = session.receive(q);
    assertThat(got.messageId()).isEqualTo(sent.messageId());
    assertThat(got.body()).isEmpty();
  }

  @Test
  @DisplayName("2.2 a body near the provider's maximum is delivered byte for byte")
  void rule_2_2_largeBodyIsDelivered() {
    MessageQueue q = session.connect().queue(session.uniqueName());
    byte[] body = new byte[session.largeBodySize()];
    new Random(42).nextBytes(body);
    q.push(Envelope.builder().body(body).messageId("tck-large").build());
    Envelope got = session.receive(q);
    assertThat(got.bodySize()).isEqualTo(body.length);
    assertThat(Arrays.equals(got.body(), body)).as("large body delivered byte for byte").isTrue();
  }

  @Test
  @DisplayName("2.3 properties are delivered exactly, Unicode and empty values included")
  void rule_2_3_propertiesAreDeliveredExactly() {
    MessageQueue q = session.connect().queue(session.uniqueName());
    Map<String, String> props = new LinkedHashMap<>();
    props.put("plain", "value");
    props.put("empty", "");
    props.put("unicode-\u00e9\u4e2d", "\u00fc\u00df \u65e5\u672c\u8a9e \ud83d\ude00 \u0627\u0644\u0639\u0631\u0628\u064a\u0629");
    props.put("with spaces and = : , ;", "  leading and trailing  ");
    props.put("newline", "line1\nline2\r\n\ttab");
    props.put("json", "{\"a\":[1,2],\"b\":null}");
    for (int i = 0; i < 20; i++) {
      props.put("p" + i, "v" + i);
    }
    q.push(Envelope.builder().body("props").properties(props).build());
    assertThat(session.receive(q).properties()).as("delivered properties").containsExactlyInAnyOrderEntriesOf(props);
  }

  @Test
  @DisplayName("2.3 a Unicode body is delivered intact")
  void rule_2_3_unicodeBodyIsDeliveredIntact() {
    MessageQueue q = session.connect().queue(session.uniqueName());
    String text = "gr\u00fc\u00dfe \u4f60\u597d \ud83d\ude80 \u05e9\u05dc\u05d5\u05dd";
    q.push(Envelope.of(text));
    assertThat(session.receive(q).bodyAsString()).isEqualTo(text);
  }

  @Test
  @DisplayName("2.4 push(null) throws NullPointerException")
  void rule_2_4_pushNullThrowsNullPointerException() {
    MessageQueue q = session.connect().queue(session.uniqueName());
    assertThatCode(() -> q.push(null)).as("push(null)").isInstanceOf(NullPointerException.class);
    session.assertNothingDelivered(q, "push(null) wrote nothing");
  }

  @Test
  @DisplayName("2.4 pushAll(null) and a null element throw NullPointerException and write nothing")
  void rule_2_4_pushAllWithNullsThrowsAndWritesNothing() {
    MessageQueue q = session.connect().queue(session.uniqueName());
    assertThatCode(() -> q.pushAll(null)).as("pushAll(null)").isInstanceOf(NullPointerException.class);
    List<Envelope> withNull = new ArrayList<>();
    withNull.add(message("before-null"));
    withNull.add(null);
    withNull.add(message("after-null"));
    assertThatCode(() -> q.pushAll(withNull)).as("pushAll with a null element").isInstanceOf(NullPointerException.class);
    session.assertNothingDelivered(q, "a pushAll with a null element writes nothing");
  }

  @Test
  @DisplayName("2.5 a too large message throws MessageTooLargeException with limit and size; nothing written")
  void rule_2_5_tooLargeMessageIsRefused() {
    MessageQueue q = session.connect().queue(session.uniqueName());
    Envelope big = Envelope.of(new byte[session.tooLargeBodySize()]);
    MessageTooLargeException e = catchThrowableOfType(MessageTooLargeException.class, () -> q.push(big));
    assertThat(e).as("push of a %d byte body", session.tooLargeBodySize()).isNotNull();
    assertThat(e.limit()).isPositive();
    assertThat(e.size()).isGreaterThan(e.limit());
    assertThat(e.getMessage()).contains(Long.toString(e.limit())).contains(Long.toString(e.size()));
    q.push(message("after-too-large"));
    assertThat(session.receive(q).bodyAsString()).as("the first message delivered").isEqualTo("after-too-large");
    session.assertNothingDelivered(q, "the too large message was not written");
  }

  @Test
  @DisplayName("2.5 pushAll with one too large member throws MessageTooLargeException and writes nothing")
  void rule_2_5_batchWithTooLargeMemberWritesNothing() {
    MessageQueue q = session.connect().queue(session.uniqueName());
    List<Envelope> batch = List.of(message("small-1"), Envelope.of(new byte[session.tooLargeBodySize()]),
        message("small-2"));
    assertThatCode(() -> q.pushAll(batch)).as("pushAll of a batch with a too large message").isInstanceOf(MessageTooLargeException.class);
    session.assertNothingDelivered(q, "no member of the refused batch was written");
  }

  @Test
  @DisplayName("2.6 pushAll writes every envelope of the batch")
  void rule_2_6_pushAllWritesEveryEnvelope() {
    MessageQueue q = session.connect().queue(session.uniqueName());
    List<Envelope> batch = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      batch.add(message("batch-" + i));
    }
    q.pushAll(batch);
    Set<String> got = session.receiveAndAck(q, batch.size()).stream()
        .map(Envelope::messageId).collect(Collectors.toSet());
    assertThat(got).containsExactlyInAnyOrderElementsOf(batch.stream().map(Envelope::messageId).toList());
    session.assertNothingDelivered(q, "each batch member was written once");
  }

  @Test
  @DisplayName("2.6 pushAll of an empty list writes nothing and does not fail")
  void rule_2_6_emptyBatchWritesNothing() {
    MessageQueue q = session.connect().queue(session.uniqueName());
    q.pushAll(List.of());
    session.assertNothingDelivered(q, "an empty batch");
  }

  @Test
  @DisplayName("2.7 a given message id and a generated one survive delivery and redelivery")
  void rule_2_7_messageIdSurvivesDeliveryAndRedelivery() {
    MessageQueue q = session.connect(maxAttempts(5)).queue(session.uniqueName());
    Envelope given = Envelope.builder().body("given").messageId("tck-id-\u00e9-1").build();
    Envelope generated = Envelope.of("generated");
    q.push(given);
    q.push(generated);
    Map<String, String> ids = new LinkedHashMap<>();
    for (Envelope e : session.receive(q, 2)) {
      ids.put(e.bodyAsString(), e.messageId());
      q.reject(e);
    }
    assertThat(ids).containsEntry("given", given.messageId()).containsEntry("generated", generated.messageId());
    for (Envelope e : session.receive(q, 2)) {
      assertThat(e.deliveryAttempt()).as("delivery attempt of the redelivery of %s", e.bodyAsString()).isEqualTo(2);
      assertThat(e.messageId()).as("message id on redelivery").isEqualTo(ids.get(e.bodyAsString()));
      q.acknowledge(e);
    }
  }

  @Test
  @DisplayName("2.8 the partition key is delivered with the message, and no key stays no key")
  void rule_2_8_partitionKeyIsDelivered() {
    MessageQueue q = session.connect().queue(session.uniqueName());
    q.push(Envelope.builder().body("keyed").partitionKey("tck-key-\u00e9").build());
    q.push(Envelope.of("unkeyed"));
    Map<String, String> keys = new LinkedHashMap<>();
    for (Envelope e : session.receive(q, 2)) {
      keys.put(e.bodyAsString(), e.partitionKey().orElse("<none>"));
    }
    assertThat(keys).containsEntry("keyed", "tck-key-\u00e9").containsEntry("unkeyed", "<none>");
  }

  @Test
  @DisplayName("2.9 an envelope at every limit of EnvelopeLimits at once is delivered exactly")
  void rule_2_9_envelopeAtEveryLimitIsDeliveredExactly() {
    MessageQueue q = session.connect().queue(session.uniqueName());
    Envelope sent = atEveryLimit("tck-limits-");
    q.push(sent);
    Envelope got = session.receive(q);
    assertThat(got.messageId()).isEqualTo(sent.messageId());
    assertThat(got.partitionKey()).isEqualTo(sent.partitionKey());
    assertThat(got.properties()).hasSize(sent.properties().size()).isEqualTo(sent.properties());
    assertThat(got.body()).isEqualTo(sent.body());
    q.acknowledge(got);
  }

  @Test
  @DisplayName("2.9 an envelope at every limit of EnvelopeLimits can be dead-lettered, with a huge reason (DEAD_LETTER)")
  void rule_2_9_envelopeAtEveryLimitCanBeDeadLettered() {
    Broker probe = session.connect();
    assumeCapability(probe, Capability.DEAD_LETTER);
    String name = session.uniqueName();
    Broker broker = session.connect(Map.of(ConfigKeys.DEAD_LETTER_QUEUE, "{queue}-dlq"));
    MessageQueue dlq = broker.queue(name + "-dlq");
    MessageQueue q = broker.queue(name);
    Envelope sent = atEveryLimit("tck-limits-dl-");
    q.push(sent);
    String hugeReason = "tck reason " + "r".repeat(200_000);
    q.reject(session.receive(q), false, hugeReason);
    Envelope dead = session.receive(dlq);
    assertThat(dead.messageId()).isEqualTo(sent.messageId());
    assertThat(dead.partitionKey()).isEqualTo(sent.partitionKey());
    assertThat(dead.properties()).containsAllEntriesOf(sent.properties());
    assertThat(dead.property(DeadLetters.REASON)).hasValueSatisfying(r ->
        assertThat(r).startsWith("tck reason r").hasSizeLessThanOrEqualTo(DeadLetters.MAX_REASON_LENGTH));
    dlq.acknowledge(dead);
    session.assertNothingDelivered(q, "the message was dead-lettered");
  }

  /**
   * An envelope at every limit at once: the longest message id, partition key, property name and
   * value (in multi-byte characters where it matters), the most counted properties plus reserved
   * {@code mq.} ones, and an empty value; about 75 KB in all.
   */
  private static Envelope atEveryLimit(String idPrefix) {
    Envelope.Builder b = Envelope.builder()
        .messageId(utf8OfLength(idPrefix + "\u00e9\u65e5\ud83d\ude00", EnvelopeLimits.MAX_MESSAGE_ID_BYTES))
        .partitionKey(utf8OfLength("k\u20ac", EnvelopeLimits.MAX_PARTITION_KEY_BYTES))
        .body(new byte[] {0, 1, (byte) 0xFF});
    b.property(utf8OfLength("n\u00fc", EnvelopeLimits.MAX_PROPERTY_NAME_BYTES),
        utf8OfLength("v\u4e2d", EnvelopeLimits.MAX_PROPERTY_VALUE_BYTES));
    b.property("empty", "");
    for (int i = b.build().properties().size(); i < EnvelopeLimits.MAX_PROPERTIES; i++) {
      b.property(String.format("p%03d", i), "value-" + i);
    }
    b.property(EnvelopeLimits.RESERVED_PREFIX + "tck-reserved-1", "not counted");
    b.property(EnvelopeLimits.RESERVED_PREFIX + "tck-reserved-2", "not counted either");
    return b.build();
  }

  /** {@code seed}'s code points, repeated, then 'a's: exactly {@code bytes} UTF-8 bytes. */

  @Test
  @DisplayName("2.11 a delivered envelope pushed again, rebuilt by toBuilder() or as it is, is a new message delivered with attempt 1")
  void rule_2_11_envelopeRebuiltFromADeliveryIsANewMessage() {
    MessageQueue q = session.connect().queue(session.uniqueName());
    q.push(Envelope.builder().body("tck 2.11").messageId("tck-2-11").property("p", "v").build());
    Envelope delivered = session.receive(q);
    Envelope rebuilt = delivered.toBuilder().build();
    assertThat(rebuilt.deliveryAttempt()).as("delivery attempt of an envelope rebuilt by toBuilder()").isZero();
    assertThat(rebuilt.deliveryTag()).as("delivery tag of an envelope rebuilt by toBuilder()").isEmpty();
    q.acknowledge(delivered);
    q.push(rebuilt);
    Envelope again = session.receive(q, "the rebuilt message pushed again");
    assertThat(again.messageId()).isEqualTo("tck-2-11");
    assertThat(again.property("p")).contains("v");
    assertThat(again.deliveryAttempt()).as("delivery attempt of the re-pushed message (rebuilt by toBuilder())")
        .isEqualTo(1);
    assertThat(again.deliveryTag()).as("delivery tag of the re-pushed message").isPresent()
        .isNotEqualTo(delivered.deliveryTag());
    q.acknowledge(again);
    q.push(again); // as delivered, tag and attempt included
    Envelope third = session.receive(q, "the delivered envelope pushed again as it is");
    assertThat(third.deliveryAttempt()).as("delivery attempt of the re-pushed message (pushed as delivered)")
        .isEqualTo(1);
    q.acknowledge(third);
    session.assertNothingDelivered(q, "every delivery was acknowledged");
  }

  private static String utf8OfLength(String seed, int bytes) {
    StringBuilder sb = new StringBuilder();
    int used = 0;
    int i = 0;
    while (true) {
      int cp = seed.codePointAt(i);
      int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (used + size > bytes) {
        break;
      }
      sb.appendCodePoint(cp);
      used += size;
      i = (i + Character.charCount(cp)) % seed.length();
    }
    sb.append("a".repeat(bytes - used));
    return sb.toString();
  }

  @Test
  @DisplayName("2.10 pushAsync completes once the message is accepted, and the message is delivered")
  void rule_2_10_pushAsyncMessagesAreDelivered() throws Exception {
    MessageQueue q = session.connect().queue(session.uniqueName());
    List<CompletableFuture<Void>> written = new ArrayList<>();
    Set<String> sent = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      Envelope e = message("async-" + i);
      sent.add(e.messageId());
      written.add(q.pushAsync(e));
    }
    session.join("the 20 pushAsync futures", CompletableFuture.allOf(written.toArray(CompletableFuture[]::new)));
    assertThat(session.receiveAndAck(q, 20, "the 20 messages pushed with pushAsync"))
        .as("the 20 messages pushed with pushAsync")
        .extracting(Envelope::messageId).containsExactlyInAnyOrderElementsOf(sent);
    session.assertNothingDelivered(q, "every message pushed with pushAsync was acknowledged");
  }

  @Test
  @DisplayName("2.10 pushAsync calls of one key from one thread are delivered in call order")
  void rule_2_10_pushAsyncOfOneKeyKeepsCallOrder() throws Exception {
    Broker broker = session.connect();
    assumeCapability(broker, Capability.ORDERING_BY_KEY);
    MessageQueue q = broker.queue(session.uniqueName());
    List<CompletableFuture<Void>> written = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      written.add(q.pushAsync(keyed("async-key", Integer.toString(i))));
    }
    session.join("the 50 pushAsync futures", CompletableFuture.allOf(written.toArray(CompletableFuture[]::new)));
    assertThat(session.receiveAndAck(q, 50, "one key's pushAsync messages"))
        .as("one key's pushAsync messages, in call order")
        .extracting(Envelope::bodyAsString)
        .containsExactlyElementsOf(IntStream.range(0, 50).mapToObj(Integer::toString).toList());
  }

  @Test
  @DisplayName("2.10 pushAsync throws at the call for null, a too large message and a closed queue")
  void rule_2_10_pushAsyncRefusesBadInputAtTheCall() {
    Broker broker = session.connect();
    MessageQueue q = broker.queue(session.uniqueName());
    assertThat(catchThrowable(() -> q.pushAsync(null))).as("pushAsync(null)")
        .isInstanceOf(NullPointerException.class);
    assertThat(catchThrowable(() -> q.pushAsync(Envelope.of(new byte[session.tooLargeBodySize()]))))
        .as("pushAsync of a %d byte body", session.tooLargeBodySize())
        .isInstanceOf(MessageTooLargeException.class);
    q.push(message("after-bad-async"));
    assertThat(session.receive(q, "the message pushed after the refused ones").bodyAsString())
        .isEqualTo("after-bad-async");
    q.close();
    assertThat(catchThrowable(() -> q.pushAsync(message("closed")))).as("pushAsync on a closed queue")
        .isInstanceOf(IllegalStateException.class);
  }
}
