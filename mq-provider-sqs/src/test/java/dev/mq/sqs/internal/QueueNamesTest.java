package dev.mq.sqs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.spi.Names;
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
  void everyPortableNameBecomesAnSqsName() {
    for (String name : new String[] {"a", "a._-Z9", "x".repeat(Names.MAX_LENGTH), ".".repeat(Names.MAX_LENGTH)}) {
      assertThat(Names.isValid(name)).isTrue();
      for (boolean fifo : new boolean[] {false, true}) {
        String sqs = QueueNames.sqsName("p".repeat(QueueNames.MAX_PREFIX_LENGTH), name, fifo);
        assertThat(sqs).hasSizeLessThanOrEqualTo(QueueNames.SQS_MAX_LENGTH)
            .matches(fifo ? "[A-Za-z0-9_-]+\\.fifo" : "[A-Za-z0-9_-]+");
      }
    }
  }
}
