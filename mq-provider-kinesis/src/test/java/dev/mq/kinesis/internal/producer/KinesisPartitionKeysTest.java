package dev.mq.kinesis.internal.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mq.Envelope;
import org.junit.jupiter.api.Test;

class KinesisPartitionKeysTest {

  @Test
  void aFittingKeyIsUsedAsIs() {
    assertThat(RecordProducer.kinesisPartitionKey(Envelope.builder().partitionKey("k").build()))
        .isEqualTo("k");
    String max = "é".repeat(256);
    assertThat(RecordProducer.kinesisPartitionKey(Envelope.builder().partitionKey(max).build()))
        .isEqualTo(max);
  }

  @Test
  void aLongerKeyIsHashedStably() {
    String longKey = "x".repeat(257);
    String a = RecordProducer.kinesisPartitionKey(Envelope.builder().partitionKey(longKey).build());
    String b = RecordProducer.kinesisPartitionKey(Envelope.builder().partitionKey(longKey).build());
    assertThat(a).hasSize(64).matches("[0-9a-f]{64}").isEqualTo(b);
    // SHA-256 of 257 'x' characters, fixed so that the mapping never changes between versions
    assertThat(a).isEqualTo("15eb95a462ee20bd91a415ae2d4aed341288186ddaa2b37908f7d592f0c3f85f");
    assertThat(RecordProducer.kinesisPartitionKey(Envelope.builder().partitionKey("y".repeat(257)).build()))
        .isNotEqualTo(a);
  }

  @Test
  void withoutAKeyTheMessageIdIsUsed() {
    assertThat(RecordProducer.kinesisPartitionKey(Envelope.builder().messageId("id-1").build()))
        .isEqualTo("id-1");
    String longId = "i".repeat(300);
    assertThat(RecordProducer.kinesisPartitionKey(Envelope.builder().messageId(longId).build()))
        .hasSize(64);
  }

  @Test
  void outgoingRecordChecksItsKey() {
    Envelope e = Envelope.of("x");
    assertThatThrownBy(() -> new OutgoingRecord(e, "", new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new OutgoingRecord(e, "k".repeat(257), new byte[0]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("256");
    assertThatThrownBy(() -> new OutgoingRecord(null, "k", new byte[0]))
        .isInstanceOf(NullPointerException.class);
    assertThat(new OutgoingRecord(e, "ké", new byte[3]).billedSize()).isEqualTo(6);
    Envelope named = Envelope.builder().messageId("m").build();
    assertThat(new OutgoingRecord(named, "k", new byte[] {42}).toString())
        .isEqualTo("OutgoingRecord[messageId=m, kinesisPartitionKey=k, size=1]");
  }
}
