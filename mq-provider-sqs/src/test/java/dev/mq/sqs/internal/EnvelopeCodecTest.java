package dev.mq.sqs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mq.Envelope;
import dev.mq.MessageTooLargeException;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

class EnvelopeCodecTest {

  @Test
  void recordIsTheDocumentedExample() {
    Envelope e = Envelope.builder().messageId("id").partitionKey("k").property("a", "b")
        .body(new byte[] {7, 8}).build();
    assertThat(HexFormat.of().formatHex(EnvelopeCodec.encode(e)))
        .isEqualTo("d14d5153" + "01" + "01" + "0002" + "6964" + "0001" + "6b" + "0001"
            + "0001" + "61" + "0001" + "62" + "00000002" + "0708");
  }

  @Test
  void roundTripKeepsEveryField() {
    Envelope.Builder b = Envelope.builder().messageId("m\u00e9-1").partitionKey("k\ud83d\ude00")
        .body(new byte[] {0, (byte) 0xff, 10});
    for (int i = 0; i < 255; i++) {
      b.property("p" + i, "v\u65e5" + i);
    }
    b.property("mq.extra", "").property("empty", "");
    Envelope e = b.build();
    Envelope back = EnvelopeCodec.decode(message(EnvelopeCodec.encode(e)));
    assertThat(back.messageId()).isEqualTo(e.messageId());
    assertThat(back.partitionKey()).isEqualTo(e.partitionKey());
    assertThat(back.properties()).containsExactlyEntriesOf(e.properties());
    assertThat(back.body()).isEqualTo(e.body());
  }

  @Test
  void emptyBodyAndNoKeyRoundTrip() {
    Envelope e = Envelope.builder().messageId("x").build();
    Envelope back = EnvelopeCodec.decode(message(EnvelopeCodec.encode(e)));
    assertThat(back.bodySize()).isZero();
    assertThat(back.partitionKey()).isEmpty();
    assertThat(back.properties()).isEmpty();
  }

  @Test
  void sqsSizeCountsBodyTextAttributeNameTypeAndValue() {
    byte[] record = EnvelopeCodec.encode(Envelope.builder().messageId("id").build());
    assertThat(EnvelopeCodec.sqsSize(record))
        .isEqualTo("mq-envelope:1".length() + "mq-envelope".length() + "Binary".length() + record.length);
  }

  @Test
  void oversizeIsRefusedWithBothNumbers() {
    Envelope e = Envelope.builder().messageId("big").body(new byte[2000]).build();
    int size = EnvelopeCodec.sqsSize(EnvelopeCodec.encode(e));
    assertThatThrownBy(() -> SqsProducer.encode(e, 1500))
        .isInstanceOfSatisfying(MessageTooLargeException.class, ex -> {
          assertThat(ex.size()).isEqualTo(size);
          assertThat(ex.limit()).isEqualTo(1500);
          assertThat(ex.getMessage()).contains(Integer.toString(size)).contains("1500");
        });
    assertThat(SqsProducer.encode(e, size)).hasSize(size - EnvelopeCodec.FIXED_SQS_BYTES);
  }

  @Test
  void foreignMessageIsDeliveredRawWithItsAttributesAsProperties() {
    Message m = Message.builder().messageId("sqs-id-1").body("{\"hello\":\"w\u00f6rld\"}")
        .messageAttributes(Map.of(
            "type", MessageAttributeValue.builder().dataType("String").stringValue("created").build(),
            "count", MessageAttributeValue.builder().dataType("Number").stringValue("42").build(),
            "blob", MessageAttributeValue.builder().dataType("Binary")
                .binaryValue(SdkBytes.fromByteArray(new byte[] {1, 2, 3})).build()))
        .attributesWithStrings(Map.of(MessageSystemAttributeName.MESSAGE_GROUP_ID.toString(), "g-1"))
        .build();
    Envelope e = EnvelopeCodec.decode(m);
    assertThat(e.messageId()).isEqualTo("sqs-id-1");
    assertThat(e.bodyAsString()).isEqualTo("{\"hello\":\"w\u00f6rld\"}");
    assertThat(e.properties()).containsOnly(Map.entry("type", "created"), Map.entry("count", "42"),
        Map.entry("blob", "AQID"));
    assertThat(e.partitionKey()).contains("g-1");
  }

  @Test
  void unreadableRecordIsDeliveredRaw() {
    byte[] record = EnvelopeCodec.encode(Envelope.builder().messageId("id").body("abc").build());
    record[4] = 9; // unknown version
    Message m = message(record);
    Envelope e = EnvelopeCodec.decode(m);
    assertThat(e.bodyAsString()).isEqualTo(EnvelopeCodec.BODY_TEXT);
    assertThat(e.properties()).containsKey(EnvelopeCodec.ATTRIBUTE);
  }

  @Test
  void truncatedAndTrailingBytesAreRejected() {
    byte[] record = EnvelopeCodec.encode(Envelope.builder().messageId("id").body("abc").build());
    for (int n = 0; n < record.length; n++) {
      byte[] cut = java.util.Arrays.copyOf(record, n);
      assertThatThrownBy(() -> EnvelopeCodec.decodeRecord(cut))
          .isInstanceOf(EnvelopeCodec.RecordFormatException.class);
    }
    byte[] longer = java.util.Arrays.copyOf(record, record.length + 1);
    assertThatThrownBy(() -> EnvelopeCodec.decodeRecord(longer))
        .isInstanceOf(EnvelopeCodec.RecordFormatException.class);
  }

  private static Message message(byte[] record) {
    return Message.builder().messageId("sqs-id").body(EnvelopeCodec.BODY_TEXT)
        .messageAttributes(EnvelopeCodec.attributes(record)).build();
  }
}
