package dev.mq.kinesis.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Records whose headers lie about what follows: each is refused with a {@link RecordFormatException}
 * that says which field lies, and decoding it allocates no more than
 * {@link DecoderFuzzTest#ALLOCATION_FACTOR} bytes per record byte plus
 * {@link DecoderFuzzTest#ALLOCATION_SLACK}, however much the header claims. Records made of very
 * many tiny fields, the worst case for a decoder that makes objects, keep the same bound.
 */
class LyingHeadersTest {

  @BeforeAll
  static void needsAllocationCounter() {
    org.junit.jupiter.api.Assumptions.assumeTrue(Allocations.supported(), "no per-thread allocation counter");
  }

  private static byte[] ours(int... bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(RecordCodec.MAGIC);
    for (int b : bytes) {
      out.write(b);
    }
    return out.toByteArray();
  }

  /** Decodes twice (the first run links call sites) and checks outcome and allocation of the second. */
  private static void assertRefusedWithin(byte[] record, Executable decode, String reason) {
    assertThatThrownBy(decode::execute).isInstanceOf(RecordFormatException.class).hasMessageContaining(reason);
    long allocated = Allocations.of(() -> {
      try {
        decode.execute();
      } catch (Throwable expected) {
        // measured above
      }
    });
    assertWithinBound(record, allocated);
  }

  private static void assertWithinBound(byte[] record, long allocated) {
    assertThat(allocated).as("bytes allocated decoding a %d-byte record", record.length)
        .isLessThanOrEqualTo(DecoderFuzzTest.ALLOCATION_FACTOR * record.length + DecoderFuzzTest.ALLOCATION_SLACK);
  }

  @Test
  void bodyLengthOfFourGibibytes() {
    byte[] r = ours(1, 0, 0, 1, 'i', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 'b', 'o', 'd', 'y');
    assertRefusedWithin(r, () -> RecordCodec.decode(r), "body length 4294967295 does not match the 4 bytes left");
  }

  @Test
  void messageIdLengthPastTheEnd() {
    byte[] r = ours(1, 0, 0x03, 0xE8, 'a', 'b', 'c');
    assertRefusedWithin(r, () -> RecordCodec.decode(r), "message id needs 1000 bytes, 3 left");
  }

  @Test
  void messageIdLengthOverTheLimit() {
    byte[] r = ours(1, 0, 0xFF, 0xFF, 'a');
    assertRefusedWithin(r, () -> RecordCodec.decode(r), "message id length 65535 is outside 1..1024");
  }

  @Test
  void propertyCountOf65535() {
    byte[] r = ours(1, 0, 0, 1, 'i', 0xFF, 0xFF, 0, 1, 'n', 0, 0);
    assertRefusedWithin(r, () -> RecordCodec.decode(r), "property count 65535");
  }

  @Test
  void propertyValueLengthPastTheEnd() {
    byte[] r = ours(1, 0, 0, 1, 'i', 0, 1, 0, 1, 'n', 0xFF, 0xFE, 'v');
    assertRefusedWithin(r, () -> RecordCodec.decode(r), "property value needs 65534 bytes, 1 left (property 0)");
  }

  @Test
  void partitionKeyLengthPastTheEnd() {
    byte[] r = ours(1, 1, 0, 1, 'i', 0x10, 0x00, 'k');
    assertRefusedWithin(r, () -> RecordCodec.decode(r), "partition key needs 4096 bytes, 1 left");
  }

  @Test
  void truncatedRightAfterTheMagic() {
    byte[] r = ours();
    assertRefusedWithin(r, () -> RecordCodec.decode(r), "record truncated: version");
  }

  @Test
  void kplTableEntryClaimingAnExabyte() {
    byte[] proto = new ProtobufWriter().tag(1, ProtobufReader.WIRE_LENGTH_DELIMITED).varint(1L << 60)
        .raw("key".getBytes(StandardCharsets.UTF_8)).toByteArray();
    byte[] r = ProtobufWriter.aggregate(proto);
    assertRefusedWithin(r, () -> KplAggregate.deaggregate(r), "length 1152921504606846976 is past the end");
  }

  @Test
  void kplRecordDataClaimingTwoGibibytes() {
    byte[] inner = new ProtobufWriter().varintField(1, 0).tag(3, ProtobufReader.WIRE_LENGTH_DELIMITED)
        .varint(Integer.MAX_VALUE).raw(new byte[] {1, 2}).toByteArray();
    byte[] proto = new ProtobufWriter().stringField(1, "k").bytesField(3, inner).toByteArray();
    byte[] r = ProtobufWriter.aggregate(proto);
    assertRefusedWithin(r, () -> KplAggregate.deaggregate(r), "record data length 2147483647 is past the end");
  }

  @Test
  void kplHugePartitionKeyIndex() {
    byte[] proto = new ProtobufWriter().stringField(1, "k")
        .messageField(3, ProtobufWriter.record(Long.MAX_VALUE, null, new byte[] {1})).toByteArray();
    byte[] r = ProtobufWriter.aggregate(proto);
    assertRefusedWithin(r, () -> KplAggregate.deaggregate(r), "out of range");
  }

  @Test
  void kplTenByteVarintTag() {
    byte[] proto = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
        (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01};
    byte[] r = ProtobufWriter.aggregate(proto);
    assertRefusedWithin(r, () -> KplAggregate.deaggregate(r), "KPL aggregate");
  }

  @Test
  void kplOfTinyUserRecordsStaysWithinTheBound() {
    ProtobufWriter w = new ProtobufWriter().stringField(1, "k");
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      w.messageField(3, ProtobufWriter.record(0, null, new byte[0]));
    }
    byte[] r = ProtobufWriter.aggregate(w.toByteArray());
    assertThat(KplAggregate.deaggregate(r)).hasSize(n);
    assertWithinBound(r, Allocations.of(() -> KplAggregate.deaggregate(r)));
  }

  @Test
  void kplOfTinyTableEntriesStaysWithinTheBound() {
    ProtobufWriter w = new ProtobufWriter();
    for (int i = 0; i < 30_000; i++) {
      w.stringField(1, Character.toString('a' + i % 26));
      w.stringField(2, "");
    }
    w.messageField(3, ProtobufWriter.record(29_999, 0L, new byte[] {7}));
    byte[] r = ProtobufWriter.aggregate(w.toByteArray());
    List<UserRecord> users = KplAggregate.deaggregate(r);
    assertThat(users).singleElement().satisfies(u -> assertThat(u.partitionKey()).isEqualTo("v"));
    assertWithinBound(r, Allocations.of(() -> KplAggregate.deaggregate(r)));
  }

  @Test
  void recordOfManyTinyPropertiesStaysWithinTheBound() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(RecordCodec.MAGIC);
    out.writeBytes(new byte[] {1, 0, 0, 1, 'i', 0x01, 0x00}); // 256 properties
    for (int i = 0; i < 256; i++) {
      out.writeBytes(new byte[] {0, 2, (byte) ('a' + i / 26), (byte) ('a' + i % 26), 0, 0});
    }
    out.writeBytes(new byte[] {0, 0, 0, 0});
    byte[] r = out.toByteArray();
    assertThat(RecordCodec.decode(r)).hasValueSatisfying(d -> assertThat(d.properties()).hasSize(256));
    assertWithinBound(r, Allocations.of(() -> RecordCodec.decode(r)));
  }
}
