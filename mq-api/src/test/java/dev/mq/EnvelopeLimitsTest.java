package dev.mq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mq.spi.Deliveries;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hostile envelope input: every limit of SPEC rule 2.9 at its edge, and bad strings. */
class EnvelopeLimitsTest {

  /** "é" is two UTF-8 bytes, "€" three, U+1F600 four (two chars). */
  private static String utf8Bytes(int bytes) {
    StringBuilder sb = new StringBuilder();
    while (bytes >= 3) {
      sb.append('\u20ac');
      bytes -= 3;
    }
    sb.append("é".repeat(bytes / 2)).append("a".repeat(bytes % 2));
    return sb.toString();
  }

  private static int utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  @Test
  void messageIdUpToTheLimitInUtf8BytesIsAcceptedOneMoreIsRefused() {
    String max = utf8Bytes(EnvelopeLimits.MAX_MESSAGE_ID_BYTES);
    assertThat(utf8(max)).isEqualTo(1024);
    assertThat(Envelope.builder().messageId(max).build().messageId()).isEqualTo(max);
    assertThatThrownBy(() -> Envelope.builder().messageId(max + "a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("messageId").hasMessageContaining("1025").hasMessageContaining("1024");
    assertThatThrownBy(() -> Envelope.builder().messageId("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void partitionKeyUpToTheLimitIsAcceptedOneMoreIsRefused() {
    String max = utf8Bytes(EnvelopeLimits.MAX_PARTITION_KEY_BYTES);
    assertThat(Envelope.builder().partitionKey(max).build().partitionKey()).contains(max);
    assertThatThrownBy(() -> Envelope.builder().partitionKey(max + "é"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("partitionKey").hasMessageContaining("4098").hasMessageContaining("4096");
    assertThatThrownBy(() -> Envelope.builder().partitionKey("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Envelope.builder().partitionKey("k".repeat(1_000_000)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4096");
  }

  @Test
  void propertyNamesAndValuesUpToTheLimitsAreAcceptedOneMoreIsRefused() {
    String name = utf8Bytes(EnvelopeLimits.MAX_PROPERTY_NAME_BYTES);
    String value = utf8Bytes(EnvelopeLimits.MAX_PROPERTY_VALUE_BYTES);
    Envelope e = Envelope.builder().property(name, value).property("empty", "").build();
    assertThat(e.properties()).containsEntry(name, value).containsEntry("empty", "");
    assertThatThrownBy(() -> Envelope.builder().property(name + "a", "v"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("property name").hasMessageContaining("1024");
    assertThatThrownBy(() -> Envelope.builder().property("p", value + "a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("value of property 'p'").hasMessageContaining("65535");
    assertThatThrownBy(() -> Envelope.builder().property("", "v")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void errorMessagesShortenHugeNamesAndNeverShowValues() {
    String hugeName = "n".repeat(5000);
    assertThatThrownBy(() -> Envelope.builder().property(hugeName, "v"))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(t -> assertThat(t.getMessage()).hasSizeLessThan(300));
    String secretish = "s3cr3t-" + "v".repeat(70_000);
    assertThatThrownBy(() -> Envelope.builder().property("token", secretish))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(t -> assertThat(t.getMessage()).doesNotContain("s3cr3t"));
  }

  @Test
  void unpairedSurrogatesAreRefusedInEveryStringPairedOnesAreFine() {
    String lowAlone = "a\udc00b";
    String highAlone = "a\ud800";
    String paired = "smile \ud83d\ude00";
    for (String bad : new String[] {lowAlone, highAlone, "\ud800\ud800"}) {
      assertThatThrownBy(() -> Envelope.builder().messageId(bad))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unpaired surrogate");
      assertThatThrownBy(() -> Envelope.builder().partitionKey(bad)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> Envelope.builder().property(bad, "v")).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> Envelope.builder().property("p", bad)).isInstanceOf(IllegalArgumentException.class);
    }
    Envelope ok = Envelope.builder().messageId(paired).partitionKey(paired).property(paired, paired).build();
    assertThat(ok.properties()).containsEntry(paired, paired);
  }

  @Test
  void atMost256PropertiesNotCountingReservedNames() {
    Envelope.Builder b = Envelope.builder();
    for (int i = 0; i < EnvelopeLimits.MAX_PROPERTIES; i++) {
      b.property("p" + i, "v");
    }
    b.property("p7", "replaced"); // replacing a value is no new property
    assertThatThrownBy(() -> b.property("one-too-many", "v"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("257").hasMessageContaining("256").hasMessageContaining("one-too-many");
    for (int i = 0; i < 40; i++) {
      b.property(EnvelopeLimits.RESERVED_PREFIX + "tool." + i, "reserved names do not count");
    }
    Envelope e = b.build();
    assertThat(e.properties()).hasSize(296).containsEntry("p7", "replaced");
    Map<String, String> tooMany = new LinkedHashMap<>();
    for (int i = 0; i <= EnvelopeLimits.MAX_PROPERTIES; i++) {
      tooMany.put("q" + i, "v");
    }
    assertThatThrownBy(() -> Envelope.builder().properties(tooMany)).isInstanceOf(IllegalArgumentException.class);
    assertThat(e.toBuilder().build()).as("a full envelope rebuilds").isEqualTo(e);
  }

  @Test
  void anEnvelopeAtEveryLimitCanBeDeadLettered() {
    Envelope.Builder b = Envelope.builder()
        .messageId(utf8Bytes(EnvelopeLimits.MAX_MESSAGE_ID_BYTES))
        .partitionKey(utf8Bytes(EnvelopeLimits.MAX_PARTITION_KEY_BYTES));
    for (int i = 0; i < EnvelopeLimits.MAX_PROPERTIES; i++) {
      b.property("p" + i, "v");
    }
    Envelope full = Deliveries.deliver(b.build(), 3, "t");
    Envelope dead = DeadLetters.envelopeFor(full, "q", "g", "r".repeat(100_000));
    assertThat(dead.properties()).hasSize(261).containsAllEntriesOf(full.properties());
    assertThat(dead.property(DeadLetters.TIME)).hasValueSatisfying(t -> assertThat(t).hasSize(30).endsWith("Z"));
    String reason = dead.property(DeadLetters.REASON).orElseThrow();
    assertThat(reason).hasSize(DeadLetters.MAX_REASON_LENGTH).endsWith("...");
    assertThat(dead.toBuilder().build()).as("a dead letter can be re-published").isEqualTo(dead);
  }

  @Test
  void deadLetterReasonsNeverBreakTheEnvelope() {
    Envelope e = Envelope.of("x");
    String loneSurrogate = "bad \udc00 text \ud800";
    assertThat(DeadLetters.envelopeFor(e, "q", "g", loneSurrogate).property(DeadLetters.REASON))
        .contains("bad \ufffd text \ufffd");
    // a pair that the cut would split in half
    String splitPair = "a".repeat(DeadLetters.MAX_REASON_LENGTH - 4) + "\ud83d\ude00" + "tail";
    String cut = DeadLetters.envelopeFor(e, "q", "g", splitPair).property(DeadLetters.REASON).orElseThrow();
    assertThat(cut).hasSize(DeadLetters.MAX_REASON_LENGTH).endsWith("...");
    String kept = "smile \ud83d\ude00";
    assertThat(DeadLetters.envelopeFor(e, "q", "g", kept).property(DeadLetters.REASON)).contains(kept);
    assertThat(DeadLetters.envelopeFor(e, "q", "g", null).property(DeadLetters.REASON)).contains("rejected");
  }

  @Test
  void nullsAreNullPointerExceptions() {
    Envelope.Builder b = Envelope.builder();
    assertThatThrownBy(() -> b.body((byte[]) null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> b.body((String) null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> b.property(null, "v")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> b.property("n", null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> b.properties(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> b.messageId(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> b.partitionKey(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Envelope.of((byte[]) null)).isInstanceOf(NullPointerException.class);
    assertThat(b.build().properties()).as("failed calls changed nothing").isEmpty();
  }
}
