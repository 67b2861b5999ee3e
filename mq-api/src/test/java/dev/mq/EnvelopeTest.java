package dev.mq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvelopeTest {

  @Test
  void copiesTheBodyOnTheWayInAndOut() {
    byte[] body = {1, 2, 3};
    Envelope e = Envelope.of(body);
    body[0] = 9;
    assertThat(e.body()).containsExactly(1, 2, 3);
    e.body()[1] = 9;
    assertThat(e.body()).containsExactly(1, 2, 3);
    assertThat(e.bodySize()).isEqualTo(3);
  }

  @Test
  void stringBodyIsUtf8() {
    Envelope e = Envelope.of("grüße ✓");
    assertThat(e.body()).isEqualTo("grüße ✓".getBytes(StandardCharsets.UTF_8));
    assertThat(e.bodyAsString()).isEqualTo("grüße ✓");
  }

  @Test
  void generatesADistinctMessageIdWhenNoneIsGiven() {
    assertThat(Envelope.of("a").messageId()).isNotBlank().isNotEqualTo(Envelope.of("a").messageId());
    assertThat(Envelope.builder().messageId("m-1").build().messageId()).isEqualTo("m-1");
  }

  @Test
  void propertiesAreUnmodifiableAndKeepInsertionOrder() {
    Map<String, String> source = new HashMap<>();
    source.put("z", "1");
    Envelope e = Envelope.builder().properties(source).property("a", "2").build();
    source.put("later", "x");
    assertThat(e.properties()).containsExactly(Map.entry("z", "1"), Map.entry("a", "2"));
    assertThat(e.property("a")).contains("2");
    assertThat(e.property("missing")).isEmpty();
    assertThatThrownBy(() -> e.properties().put("b", "3")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void rejectsNullsAndEmptyNamesAtBuildTime() {
    Envelope.Builder b = Envelope.builder();
    assertThatThrownBy(() -> b.body((byte[]) null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> b.body((String) null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> b.property(null, "v")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> b.property("k", null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("k");
    assertThatThrownBy(() -> b.property("", "v")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.messageId("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.partitionKey("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.deliveryAttempt(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toBuilderKeepsEverythingAndClearDeliveryDropsDeliveryData() {
    Envelope delivered = Envelope.builder().body("b").messageId("m").partitionKey("k")
        .property("p", "v").deliveryAttempt(2).deliveryTag("t").build();
    assertThat(delivered.toBuilder().build()).isEqualTo(delivered);
    Envelope fresh = delivered.toBuilder().clearDelivery().build();
    assertThat(fresh.deliveryAttempt()).isZero();
    assertThat(fresh.deliveryTag()).isEmpty();
    assertThat(fresh.messageId()).isEqualTo("m");
    assertThat(fresh.partitionKey()).contains("k");
  }

  @Test
  void toStringShowsNeitherBodyNorPropertyValues() {
    Envelope e = Envelope.builder().body("secret-body").property("token", "secret-value").build();
    assertThat(e.toString()).doesNotContain("secret-body").doesNotContain("secret-value")
        .contains(e.messageId()).contains("token");
  }

  @Test
  void deadLetterEnvelopeKeepsTheOriginalAndAddsTheReason() {
    Envelope delivered = Envelope.builder().body("b").messageId("m").partitionKey("k")
        .property("p", "v").deliveryAttempt(3).deliveryTag("t").build();
    Envelope dead = DeadLetters.envelopeFor(delivered, "orders", "billing", "bad amount");
    assertThat(dead.body()).isEqualTo(delivered.body());
    assertThat(dead.messageId()).isEqualTo("m");
    assertThat(dead.partitionKey()).contains("k");
    assertThat(dead.deliveryTag()).isEmpty();
    assertThat(dead.properties()).containsEntry("p", "v")
        .containsEntry(DeadLetters.REASON, "bad amount")
        .containsEntry(DeadLetters.SOURCE_QUEUE, "orders")
        .containsEntry(DeadLetters.SOURCE_GROUP, "billing")
        .containsEntry(DeadLetters.DELIVERY_ATTEMPTS, "3");
  }
}
