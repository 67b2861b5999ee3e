package dev.mq.kinesis.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mq.Envelope;
import org.junit.jupiter.api.Test;

/** The plain format writes the body alone and refuses what it would lose. */
class PlainRecordsTest {

  @Test
  void theDataIsTheBody() {
    byte[] body = {9, 8, 7};
    assertThat(PlainRecords.encode(Envelope.builder().body(body).partitionKey("k")
        .messageId("explicit").build())).isEqualTo(body);
    assertThat(PlainRecords.encode(Envelope.builder().body(new byte[0]).build())).isEmpty();
  }

  @Test
  void aPropertyIsRefusedByName() {
    assertThatThrownBy(() -> PlainRecords.encode(Envelope.builder().body("x")
        .property("trace-id", "1").build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'trace-id'");
  }

  @Test
  void aKeyLongerThanKinesisTakesIsRefused() {
    assertThat(PlainRecords.encode(Envelope.builder().body("x").partitionKey("k".repeat(256))
        .build())).hasSize(1);
    assertThatThrownBy(() -> PlainRecords.encode(Envelope.builder().body("x")
        .partitionKey("k".repeat(257)).build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("257");
  }

  @Test
  void aBodyThatReadersWouldDecodeIsRefused() {
    byte[] ours = RecordCodec.encode(Envelope.of("x"));
    assertThatThrownBy(() -> PlainRecords.encode(Envelope.builder().body(ours).build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("envelope format");
    byte[] kpl = {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2};
    assertThatThrownBy(() -> PlainRecords.encode(Envelope.builder().body(kpl).build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("KPL");
  }

  @Test
  void theCountedSizeLeavesRoomForTheRawReadBack() {
    Envelope e = Envelope.builder().body(new byte[100]).partitionKey("abc").build();
    assertThat(PlainRecords.sizeWithReadBack(e, "abc"))
        .isEqualTo(100 + PlainRecords.RAW_READ_BACK_OVERHEAD + 9);
  }
}
