package dev.mq.kinesis.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class KplAggregateTest {

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] validProtobuf() {
    return new ProtobufWriter()
        .stringField(1, "key-a")
        .stringField(1, "key-b")
        .stringField(2, "170141183460469231731687303715884105728")
        .messageField(3, ProtobufWriter.record(0, null, utf8("first")))
        .messageField(3, ProtobufWriter.record(1, 0L, utf8("second")))
        .messageField(3, ProtobufWriter.record(0, null, new byte[0]))
        .toByteArray();
  }

  @Test
  void deaggregatesUserRecordsInOrderWithKeysAndIndexes() {
    byte[] record = ProtobufWriter.aggregate(validProtobuf());
    assertThat(KplAggregate.isAggregated(record)).isTrue();
    List<UserRecord> users = KplAggregate.deaggregate(record);
    assertThat(users).hasSize(3);
    assertThat(users.get(0).partitionKey()).isEqualTo("key-a");
    assertThat(users.get(0).explicitHashKey()).isEmpty();
    assertThat(users.get(0).data()).isEqualTo(utf8("first"));
    assertThat(users.get(0).index()).isZero();
    assertThat(users.get(1).partitionKey()).isEqualTo("key-b");
    assertThat(users.get(1).explicitHashKey()).contains("170141183460469231731687303715884105728");
    assertThat(users.get(1).data()).isEqualTo(utf8("second"));
    assertThat(users.get(1).index()).isEqualTo(1);
    assertThat(users.get(2).data()).isEmpty();
    assertThat(users.get(2).index()).isEqualTo(2);
  }

  @Test
  void tablesMayFollowTheRecordsAndUnknownFieldsAreSkipped() {
    byte[] proto = new ProtobufWriter()
        .messageField(3, ProtobufWriter.record(0, null, utf8("x"))
            .messageField(4, new ProtobufWriter().stringField(1, "tag").stringField(2, "v"))
            .varintField(9, 5))
        .varintField(15, 1)
        .tag(16, 1).raw(new byte[8])
        .tag(17, 5).raw(new byte[4])
        .stringField(1, "late-key")
        .toByteArray();
    List<UserRecord> users = KplAggregate.deaggregate(ProtobufWriter.aggregate(proto));
    assertThat(users).singleElement().satisfies(u -> {
      assertThat(u.partitionKey()).isEqualTo("late-key");
      assertThat(u.data()).isEqualTo(utf8("x"));
    });
  }

  @Test
  void emptyAggregateHasNoUserRecords() {
    assertThat(KplAggregate.deaggregate(ProtobufWriter.aggregate(new byte[0]))).isEmpty();
  }

  @Test
  void otherDataIsNotAnAggregate() {
    assertThat(KplAggregate.isAggregated(new byte[0])).isFalse();
    assertThat(KplAggregate.isAggregated(new byte[] {(byte) 0xF3, (byte) 0x89, (byte) 0x9A})).isFalse();
    assertThat(KplAggregate.isAggregated(utf8("plain text"))).isFalse();
    assertThatThrownBy(() -> KplAggregate.deaggregate(utf8("plain text")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void badMd5IsCorrupt() {
    byte[] proto = validProtobuf();
    byte[] sum = ProtobufWriter.md5(proto);
    sum[0] ^= 1;
    assertCorrupt(ProtobufWriter.aggregate(proto, sum), "MD5");
  }

  @Test
  void tooShortForTheChecksumIsCorrupt() {
    assertCorrupt(Arrays.copyOf(KplAggregate.MAGIC, 10), "too short");
  }

  @Test
  void everyTruncationWithAMatchingChecksumIsCorruptOrShorter() {
    byte[] proto = validProtobuf();
    for (int len = 0; len < proto.length; len++) {
      byte[] cut = Arrays.copyOf(proto, len);
      try {
        List<UserRecord> users = KplAggregate.deaggregate(ProtobufWriter.aggregate(cut));
        // a cut exactly between fields is a valid, shorter aggregate
        assertThat(users.size()).as("length " + len).isLessThan(3);
      } catch (RecordFormatException expected) {
        assertThat(expected).hasMessageContaining("KPL aggregate");
      }
    }
  }

  @Test
  void truncatedInsideAFieldIsCorrupt() {
    byte[] proto = new ProtobufWriter().stringField(1, "key").toByteArray();
    assertCorrupt(ProtobufWriter.aggregate(Arrays.copyOf(proto, proto.length - 1)), "past the end");
  }

  @Test
  void hugeLengthIsCorrupt() {
    byte[] proto = new ProtobufWriter().tag(3, 2).varint(Long.MAX_VALUE).raw((byte) 1).toByteArray();
    assertCorrupt(ProtobufWriter.aggregate(proto), "past the end");
  }

  @Test
  void negativeLengthAsVarintIsCorrupt() {
    byte[] proto = new ProtobufWriter().tag(1, 2).varint(-1L).toByteArray();
    assertCorrupt(ProtobufWriter.aggregate(proto), "length");
  }

  @Test
  void overlongVarintIsCorrupt() {
    byte[] proto = new ProtobufWriter().tag(15, 0)
        .raw((byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
            (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0x01)
        .toByteArray();
    assertCorrupt(ProtobufWriter.aggregate(proto), "longer than 10 bytes");
  }

  @Test
  void wrongWireTypesAreCorrupt() {
    assertCorrupt(ProtobufWriter.aggregate(new ProtobufWriter().varintField(1, 3).toByteArray()),
        "wire type 0");
    assertCorrupt(ProtobufWriter.aggregate(new ProtobufWriter().varintField(3, 3).toByteArray()),
        "wire type 0");
    byte[] pkAsBytes = new ProtobufWriter().stringField(1, "k")
        .messageField(3, new ProtobufWriter().stringField(1, "0").bytesField(3, new byte[1]))
        .toByteArray();
    assertCorrupt(ProtobufWriter.aggregate(pkAsBytes), "wire type 2");
    byte[] dataAsVarint = new ProtobufWriter().stringField(1, "k")
        .messageField(3, new ProtobufWriter().varintField(1, 0).varintField(3, 7))
        .toByteArray();
    assertCorrupt(ProtobufWriter.aggregate(dataAsVarint), "wire type 0");
    assertCorrupt(ProtobufWriter.aggregate(new ProtobufWriter().tag(5, 3).toByteArray()),
        "unsupported wire type 3");
  }

  @Test
  void fieldNumberZeroIsCorrupt() {
    assertCorrupt(ProtobufWriter.aggregate(new byte[] {0x02, 0x00}), "invalid field tag");
  }

  @Test
  void missingRequiredFieldsAreCorrupt() {
    byte[] noKey = new ProtobufWriter().stringField(1, "k")
        .messageField(3, new ProtobufWriter().bytesField(3, utf8("x"))).toByteArray();
    assertCorrupt(ProtobufWriter.aggregate(noKey), "no partition key index");
    byte[] noData = new ProtobufWriter().stringField(1, "k")
        .messageField(3, new ProtobufWriter().varintField(1, 0)).toByteArray();
    assertCorrupt(ProtobufWriter.aggregate(noData), "no data");
  }

  @Test
  void indexesOutOfTheTablesAreCorrupt() {
    byte[] badKey = new ProtobufWriter().stringField(1, "k")
        .messageField(3, ProtobufWriter.record(1, null, utf8("x"))).toByteArray();
    assertCorrupt(ProtobufWriter.aggregate(badKey), "partition key index 1");
    byte[] badHash = new ProtobufWriter().stringField(1, "k")
        .messageField(3, ProtobufWriter.record(0, 0L, utf8("x"))).toByteArray();
    assertCorrupt(ProtobufWriter.aggregate(badHash), "explicit hash key index 0");
    byte[] hugeIndex = new ProtobufWriter().stringField(1, "k")
        .messageField(3, ProtobufWriter.record(-1L, null, utf8("x"))).toByteArray();
    assertCorrupt(ProtobufWriter.aggregate(hugeIndex), "out of range");
  }

  @Test
  void badUtf8InTheKeyTableIsCorrupt() {
    byte[] proto = new ProtobufWriter().bytesField(1, new byte[] {(byte) 0xC3, 0x28})
        .toByteArray();
    assertCorrupt(ProtobufWriter.aggregate(proto), "UTF-8");
  }

  private static void assertCorrupt(byte[] record, String reason) {
    assertThatThrownBy(() -> KplAggregate.deaggregate(record))
        .isInstanceOf(RecordFormatException.class)
        .hasMessageContaining(reason);
  }
}
