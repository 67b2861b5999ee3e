package dev.mq.kinesis.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mq.Envelope;
import dev.mq.EnvelopeLimits;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordCodecTest {

  @Test
  void encodesTheDocumentedLayoutByteForByte() {
    Envelope e = Envelope.builder().messageId("id").partitionKey("k").property("a", "b")
        .body(new byte[] {7, 8}).build();
    assertThat(HexFormat.of().formatHex(RecordCodec.encode(e))).isEqualTo(
        "d14d514b" + "01" + "01" + "0002" + "6964" + "0001" + "6b" + "0001"
            + "0001" + "61" + "0001" + "62" + "00000002" + "0708");
  }

  @Test
  void roundTripsEveryField() {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("zeta", "1");
    props.put("ünï", "värde ✓ 😀");
    props.put("empty", "");
    Envelope e = Envelope.builder().messageId("m-1").partitionKey("🔑 key").properties(props)
        .body(new byte[] {0, -1, 42}).build();
    DecodedMessage d = RecordCodec.decode(RecordCodec.encode(e)).orElseThrow();
    assertThat(d.messageId()).isEqualTo("m-1");
    assertThat(d.partitionKey()).contains("🔑 key");
    assertThat(d.properties()).containsExactlyEntriesOf(props);
    assertThat(d.body()).containsExactly(0, -1, 42);
    assertThat(d.toEnvelopeBuilder().build()).isEqualTo(e);
  }

  @Test
  void roundTripsAnEmptyBodyWithoutKeyOrProperties() {
    Envelope e = Envelope.of(new byte[0]);
    DecodedMessage d = RecordCodec.decode(RecordCodec.encode(e)).orElseThrow();
    assertThat(d.partitionKey()).isEmpty();
    assertThat(d.properties()).isEmpty();
    assertThat(d.bodySize()).isZero();
    assertThat(d.messageId()).isEqualTo(e.messageId());
  }

  @Test
  void encodedSizeMatchesEncode() {
    Envelope e = Envelope.builder().partitionKey("ключ").property("ä", "ö€").body("x").build();
    assertThat(RecordCodec.encodedSize(e)).isEqualTo(RecordCodec.encode(e).length);
  }

  @Test
  void foreignRecordsAreNotOurs() {
    assertThat(RecordCodec.decode(new byte[0])).isEmpty();
    assertThat(RecordCodec.decode("{\"json\":true}".getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(RecordCodec.decode(new byte[] {(byte) 0xD1, 0x4D, 0x51})).isEmpty();
    assertThat(RecordCodec.decode(new byte[] {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2, 1}))
        .isEmpty();
  }

  @Test
  void everyTruncationOfAValidRecordIsCorrupt() {
    byte[] full = RecordCodec.encode(Envelope.builder().partitionKey("k").property("p", "v")
        .body("body").build());
    for (int len = 4; len < full.length; len++) {
      byte[] cut = Arrays.copyOf(full, len);
      assertThatThrownBy(() -> RecordCodec.decode(cut)).as("length " + len)
          .isInstanceOf(RecordFormatException.class);
    }
  }

  @Test
  void trailingBytesAreCorrupt() {
    byte[] full = RecordCodec.encode(Envelope.of("x"));
    byte[] longer = Arrays.copyOf(full, full.length + 1);
    assertThatThrownBy(() -> RecordCodec.decode(longer))
        .isInstanceOf(RecordFormatException.class).hasMessageContaining("body length");
  }

  @Test
  void unknownVersionIsCorrupt() {
    byte[] data = RecordCodec.encode(Envelope.of("x"));
    data[4] = 2;
    assertThatThrownBy(() -> RecordCodec.decode(data))
        .isInstanceOf(RecordFormatException.class).hasMessageContaining("version 2");
  }

  @Test
  void unknownFlagsAreCorrupt() {
    byte[] data = RecordCodec.encode(Envelope.of("x"));
    data[5] = (byte) 0x80;
    assertThatThrownBy(() -> RecordCodec.decode(data))
        .isInstanceOf(RecordFormatException.class).hasMessageContaining("flags");
  }

  @Test
  void hugePropertyCountIsCorruptWithoutAllocating() {
    byte[] data = header("id", 0xFFFF);
    assertThatThrownBy(() -> RecordCodec.decode(data))
        .isInstanceOf(RecordFormatException.class).hasMessageContaining("property count 65535");
  }

  @Test
  void bodyLengthPastTheEndIsCorrupt() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(header("id", 0));
    out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1});
    assertThatThrownBy(() -> RecordCodec.decode(out.toByteArray()))
        .isInstanceOf(RecordFormatException.class).hasMessageContaining("4294967295");
  }

  @Test
  void invalidUtf8IsCorrupt() {
    byte[] data = RecordCodec.encode(Envelope.builder().messageId("ab").build());
    data[8] = (byte) 0xC3; // a lead byte followed by 'b': malformed
    assertThatThrownBy(() -> RecordCodec.decode(data))
        .isInstanceOf(RecordFormatException.class).hasMessageContaining("message id is not valid UTF-8");
  }

  @Test
  void duplicatePropertyNamesAreCorrupt() {
    byte[] one = RecordCodec.encode(Envelope.builder().messageId("i").property("a", "1")
        .property("b", "2").build());
    // turn the second name "b" into "a"
    int at = indexOf(one, (byte) 'b');
    one[at] = 'a';
    assertThatThrownBy(() -> RecordCodec.decode(one))
        .isInstanceOf(RecordFormatException.class).hasMessageContaining("repeats");
  }

  @Test
  void emptyMessageIdInARecordIsCorrupt() {
    byte[] data = header("", 0);
    assertThatThrownBy(() -> RecordCodec.decode(data))
        .isInstanceOf(RecordFormatException.class).hasMessageContaining("message id length 0");
  }

  @Test
  void envelopesCannotExceedTheCodecsStringLimitsAndTooManyReservedPropertiesAreRefusedByName() {
    // the envelope's own limits (SPEC 2.9) are the codec's, so such envelopes cannot be built
    assertThatThrownBy(() -> Envelope.builder().messageId("x".repeat(RecordCodec.MAX_MESSAGE_ID_BYTES + 1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Envelope.builder().partitionKey("é".repeat(RecordCodec.MAX_PARTITION_KEY_BYTES / 2 + 1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Envelope.builder().property("n".repeat(RecordCodec.MAX_PROPERTY_NAME_BYTES + 1), "v"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Envelope.builder().property("n", "v".repeat(RecordCodec.MAX_PROPERTY_VALUE_BYTES + 1)))
        .isInstanceOf(IllegalArgumentException.class);
    // reserved "mq." names are not counted by the envelope, but the record format has a limit
    Envelope.Builder many = Envelope.builder();
    for (int i = 0; i <= RecordCodec.MAX_PROPERTIES; i++) {
      many.property("mq.p" + i, "v");
    }
    assertThatThrownBy(() -> RecordCodec.encode(many.build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MAX_PROPERTIES");
  }

  @Test
  void limitsThemselvesAreAccepted() {
    Envelope.Builder b = Envelope.builder()
        .messageId("i".repeat(RecordCodec.MAX_MESSAGE_ID_BYTES))
        .partitionKey("k".repeat(RecordCodec.MAX_PARTITION_KEY_BYTES))
        .property("n".repeat(RecordCodec.MAX_PROPERTY_NAME_BYTES),
            "v".repeat(RecordCodec.MAX_PROPERTY_VALUE_BYTES));
    for (int i = 1; i < RecordCodec.MAX_PROPERTIES; i++) {
      b.property((i < EnvelopeLimits.MAX_PROPERTIES ? "p" : "mq.p") + i, "");
    }
    Envelope e = b.build();
    assertThat(e.properties()).hasSize(RecordCodec.MAX_PROPERTIES);
    assertThat(RecordCodec.decode(RecordCodec.encode(e)).orElseThrow().toEnvelopeBuilder().build())
        .isEqualTo(e);
  }

  @Test
  void unpairedSurrogatesAreRejectedNotMangled() {
    assertThatThrownBy(() -> RecordCodec.encode(Envelope.builder().property("p", "a\uD800b").build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unpaired surrogate")
        .hasMessageContaining("value of property 'p'");
    assertThatThrownBy(() -> RecordCodec.encode(Envelope.builder().messageId("\uDC00").build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unpaired surrogate");
  }

  @Test
  void toStringShowsNoValuesOrBody() {
    DecodedMessage d = RecordCodec.decode(RecordCodec.encode(Envelope.builder()
        .property("secret-name", "secret-value").body("secret-body").build())).orElseThrow();
    assertThat(d.toString()).contains("secret-name").doesNotContain("secret-value", "secret-body");
  }

  /** Magic, version 1, no flags, the id, then a property count (and nothing else). */
  private static byte[] header(String id, int propertyCount) {
    byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0xD1, 0x4D, 0x51, 0x4B, 1, 0});
    out.write(idBytes.length >>> 8);
    out.write(idBytes.length);
    out.writeBytes(idBytes);
    out.write(propertyCount >>> 8);
    out.write(propertyCount);
    return out.toByteArray();
  }

  private static int indexOf(byte[] data, byte b) {
    for (int i = data.length - 1; i >= 0; i--) {
      if (data[i] == b) {
        return i;
      }
    }
    throw new AssertionError("not found");
  }
}
