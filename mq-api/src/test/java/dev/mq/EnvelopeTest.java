package dev.mq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mq.internal.access.EnvelopeAccess;
import dev.mq.spi.Deliveries;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
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
  }

  @Test
  void rule_2_11_toBuilderOfADeliveredEnvelopeIsANewMessageWithoutDeliveryData() {
    Envelope delivered = Deliveries.deliver(Envelope.builder().body("b").messageId("m").partitionKey("k")
        .property("p", "v").build(), 2, "t");
    Envelope fresh = delivered.toBuilder().build();
    assertThat(fresh.deliveryAttempt()).isZero();
    assertThat(fresh.deliveryTag()).isEmpty();
    assertThat(fresh.messageId()).isEqualTo("m");
    assertThat(fresh.partitionKey()).contains("k");
    assertThat(fresh.properties()).containsExactly(Map.entry("p", "v"));
    assertThat(fresh.bodyAsString()).isEqualTo("b");
    assertThat(fresh).isNotEqualTo(delivered).isEqualTo(Deliveries.undelivered(delivered));
  }

  @Test
  void rule_2_11_applicationsCannotSetDeliveryData() {
    // the public API has no setter left: only dev.mq.spi.Deliveries sets delivery data
    for (Method m : Envelope.Builder.class.getMethods()) {
      assertThat(m.getName()).as("Envelope.Builder method").doesNotContainIgnoringCase("delivery");
    }
    for (Method m : Envelope.class.getMethods()) {
      if (m.getName().toLowerCase(Locale.ROOT).contains("delivery")) {
        assertThat(m.getParameterCount()).as("parameters of Envelope.%s (a getter)", m.getName()).isZero();
      }
    }
    assertThatThrownBy(EnvelopeAccess::forDeliveries).isInstanceOf(IllegalCallerException.class);
    Envelope.of("x"); // Envelope installs its access when it is initialised; nobody can after it
    assertThatThrownBy(() -> EnvelopeAccess.install(new EnvelopeAccess() {
      @Override
      public Envelope withDelivery(Envelope source, int deliveryAttempt, String deliveryTag) {
        return source;
      }
    })).isInstanceOf(IllegalStateException.class).hasMessageContaining("only Envelope");
  }

  @Test
  void deliverKeepsTheMessageAndSetsAttemptAndTag() {
    Envelope stored = Envelope.builder().body("b").messageId("m").partitionKey("k")
        .property("p", "v").property("q", "w").build();
    Envelope delivered = Deliveries.deliver(stored, 2, "tag-1");
    assertThat(delivered.deliveryAttempt()).isEqualTo(2);
    assertThat(delivered.deliveryTag()).contains("tag-1");
    assertThat(delivered.bodyAsString()).isEqualTo("b");
    assertThat(delivered.messageId()).isEqualTo("m");
    assertThat(delivered.partitionKey()).contains("k");
    assertThat(delivered.properties()).containsExactly(Map.entry("p", "v"), Map.entry("q", "w"));
    assertThat(delivered.properties()).isSameAs(stored.properties()); // shared, not copied
    // the source is unchanged, and a redelivery replaces both fields
    assertThat(stored.deliveryAttempt()).isZero();
    assertThat(stored.deliveryTag()).isEmpty();
    Envelope again = Deliveries.deliver(delivered, 3, "tag-2");
    assertThat(again.deliveryAttempt()).isEqualTo(3);
    assertThat(again.deliveryTag()).contains("tag-2");
    assertThat(Deliveries.undelivered(again)).isEqualTo(stored);
    assertThat(Deliveries.undelivered(stored)).isSameAs(stored);
  }

  @Test
  void deliverStillCopiesTheBodyOnTheWayOut() {
    Envelope delivered = Deliveries.deliver(Envelope.of(new byte[] {1, 2, 3}), 1, "t");
    delivered.body()[0] = 9;
    assertThat(delivered.body()).containsExactly(1, 2, 3);
  }

  @Test
  void deliverRejectsAnAttemptBelowOneAndANullTag() {
    Envelope e = Envelope.of("x");
    assertThatThrownBy(() -> Deliveries.deliver(e, 0, "t")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0");
    assertThatThrownBy(() -> Deliveries.deliver(e, -1, "t")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Deliveries.deliver(e, 1, null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("tag");
  }

  @Test
  void toStringShowsNeitherBodyNorPropertyValues() {
    Envelope e = Envelope.builder().body("secret-body").property("token", "secret-value").build();
    assertThat(e.toString()).doesNotContain("secret-body").doesNotContain("secret-value")
        .contains(e.messageId()).contains("token");
  }

  @Test
  void deadLetterEnvelopeKeepsTheOriginalAndAddsTheReason() {
    Envelope delivered = Deliveries.deliver(Envelope.builder().body("b").messageId("m").partitionKey("k")
        .property("p", "v").build(), 3, "t");
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
