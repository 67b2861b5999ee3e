package dev.mq.kinesis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.DeadLetters;
import dev.mq.Envelope;
import dev.mq.kinesis.internal.codec.RecordCodec;
import dev.mq.spi.Deliveries;
import org.junit.jupiter.api.Test;

/** The room every pushed record keeps is enough for the largest dead-letter properties. */
class DeadLetterHeadroomTest {

  @Test
  void theLargestDeadLetterPropertiesFitInTheHeadroom() {
    Envelope delivered = Deliveries.deliver(Envelope.builder().messageId("m").body(new byte[100]).build(),
        Integer.MAX_VALUE, "t");
    Envelope dead = DeadLetters.envelopeFor(delivered,
        "q".repeat(128), // the longest queue name: a stream name has at most 128 characters
        "g".repeat(255), // the longest group name (dev.mq.spi.Names.MAX_LENGTH)
        "\u20ac".repeat(DeadLetters.MAX_REASON_LENGTH)); // the longest reason kept, 3 bytes a char
    Envelope original = Envelope.builder().messageId("m").body(new byte[100]).build();
    long growth = RecordCodec.encodedSize(dead) - RecordCodec.encodedSize(original);
    assertThat(growth).as("the worst case the headroom's Javadoc states").isEqualTo(3_641);
    assertThat(growth).isLessThanOrEqualTo(KinesisBroker.DEAD_LETTER_HEADROOM);
  }
}
