package dev.mq.sqs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueueNamesTest {

  @Test
  void sqsNamesUseTheNameWhenItFits() {
    assertThat(QueueNames.sqsName("", "orders", false)).isEqualTo("orders");
    assertThat(QueueNames.sqsName("p-", "orders", false)).isEqualTo("p-orders");
    assertThat(QueueNames.sqsName("", "orders.fifo", false)).isEqualTo("orders.fifo");
    assertThat(QueueNames.sqsName("", "orders", true)).isEqualTo("orders.fifo");
  }

  @Test
  void otherNamesAreHashedWithinSqsLimits() {
    String dotted = QueueNames.sqsName("", "a.b", false);
    assertThat(dotted).matches("a_b-[0-9a-f]{16}");
    assertThat(dotted).isNotEqualTo(QueueNames.sqsName("", "a_b", false));
    String longName = "x".repeat(128);
    assertThat(QueueNames.sqsName("prefix-", longName, true)).hasSize(80).endsWith(".fifo");
    assertThat(QueueNames.sqsName("", "x.fifo", true)).matches("x_fifo-[0-9a-f]{16}\\.fifo");
  }

  @Test
  void portableRule() {
    assertThat(QueueNames.isValid("a._-Z9")).isTrue();
    assertThat(QueueNames.isValid("")).isFalse();
    assertThat(QueueNames.isValid("a b")).isFalse();
    assertThat(QueueNames.isValid("x".repeat(256))).isFalse();
  }
}
