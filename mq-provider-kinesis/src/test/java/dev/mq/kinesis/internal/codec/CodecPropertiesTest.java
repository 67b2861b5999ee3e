package dev.mq.kinesis.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mq.Envelope;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;

/**
 * Property-based checks of the codec and the KPL reader: exact round trips for arbitrary
 * envelopes, and for arbitrary or damaged input only ever a result or a
 * {@link RecordFormatException}. 120,000 tries in all.
 */
class CodecPropertiesTest {

  @Property(tries = 8_000)
  void everyEnvelopeRoundTripsExactly(@ForAll("envelopes") Envelope e) {
    byte[] data = RecordCodec.encode(e);
    assertThat(data.length).isEqualTo(RecordCodec.encodedSize(e));
    DecodedMessage d = RecordCodec.decode(data).orElseThrow();
    // Envelope.equals compares body, properties, id and key; keySet order is checked apart
    assertThat(d.toEnvelopeBuilder().build()).isEqualTo(e);
    assertThat(List.copyOf(d.properties().keySet())).isEqualTo(List.copyOf(e.properties().keySet()));
  }

  @Property(tries = 2_000)
  void unpairedSurrogatesAreRefusedAtEncode(@ForAll("envelopes") Envelope e,
      @ForAll("loneSurrogates") char lone) {
    // the envelope refuses it already (SPEC 2.9), so the codec never sees one
    assertThatThrownBy(() -> RecordCodec.encode(e.toBuilder().property("p", "x" + lone).build()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Property(tries = 20_000)
  void arbitraryBytesDecodeOrFailCleanly(@ForAll @Size(max = 200) byte[] data) {
    decodeCleanly(data);
  }

  @Property(tries = 40_000)
  void arbitraryBytesAfterOurMagicDecodeOrFailCleanly(
      @ForAll @Size(max = 200) byte[] tail, @ForAll boolean versionOne) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(RecordCodec.MAGIC);
    if (versionOne) {
      out.write(RecordCodec.VERSION);
    }
    out.writeBytes(tail);
    byte[] data = out.toByteArray();
    assertThat(decodeCleanly(data)).isNotNull();
  }

  @Property(tries = 12_000)
  void damagedRecordsDecodeOrFailCleanly(@ForAll("damagedRecords") byte[] data) {
    decodeCleanly(data);
  }

  @Property(tries = 30_000)
  void arbitraryAggregatesDeaggregateOrFailCleanly(@ForAll @Size(max = 200) byte[] protobuf) {
    deaggregateCleanly(ProtobufWriter.aggregate(protobuf));
  }

  @Property(tries = 8_000)
  void damagedAggregatesDeaggregateOrFailCleanly(@ForAll("damagedAggregates") byte[] protobuf,
      @ForAll boolean fixChecksum) {
    byte[] record = fixChecksum
        ? ProtobufWriter.aggregate(protobuf)
        : ProtobufWriter.aggregate(protobuf, new byte[16]);
    Optional<List<UserRecord>> result = deaggregateCleanly(record);
    if (!fixChecksum) {
      assertThat(result).isEmpty();
    }
  }

  /** The result, or null when it failed with RecordFormatException; anything else fails. */
  private static Optional<DecodedMessage> decodeCleanly(byte[] data) {
    try {
      Optional<DecodedMessage> d = RecordCodec.decode(data);
      assertThat(d.isPresent()).isEqualTo(RecordCodec.hasMagic(data));
      return d;
    } catch (RecordFormatException expected) {
      assertThat(RecordCodec.hasMagic(data)).isTrue();
      return Optional.empty();
    }
  }

  private static Optional<List<UserRecord>> deaggregateCleanly(byte[] record) {
    try {
      List<UserRecord> users = KplAggregate.deaggregate(record);
      long total = users.stream().mapToLong(u -> u.data().length).sum();
      assertThat(total).isLessThan(record.length);
      return Optional.of(users);
    } catch (RecordFormatException expected) {
      return Optional.empty();
    }
  }

  @Provide
  Arbitrary<Envelope> envelopes() {
    Arbitrary<String> ids = text(1, 40);
    Arbitrary<Optional<String>> keys = text(1, 30).optional(0.6);
    Arbitrary<Map<String, String>> props = Arbitraries.maps(text(1, 12), text(0, 30)).ofMaxSize(6);
    Arbitrary<byte[]> bodies = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    return Combinators.combine(ids, keys, props, bodies).as((id, key, p, body) -> {
      Envelope.Builder b = Envelope.builder().messageId(id).properties(p).body(body);
      key.ifPresent(b::partitionKey);
      return b.build();
    });
  }

  @Provide
  Arbitrary<Character> loneSurrogates() {
    return Arbitraries.chars().range('\uD800', '\uDFFF');
  }

  /** Valid records with one to three random changes: flips, cuts, insertions, deletions. */
  @Provide
  Arbitrary<byte[]> damagedRecords() {
    return Combinators.combine(envelopes(), mutations()).as((e, m) -> mutate(RecordCodec.encode(e), m));
  }

  /** Valid aggregate protobufs with random changes. */
  @Provide
  Arbitrary<byte[]> damagedAggregates() {
    Arbitrary<byte[]> valid = Combinators.combine(
        text(1, 10).list().ofMinSize(1).ofMaxSize(3),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(40).list().ofMaxSize(4))
        .as((keys, datas) -> {
          ProtobufWriter w = new ProtobufWriter();
          keys.forEach(k -> w.stringField(1, k));
          w.stringField(2, "12345");
          for (int i = 0; i < datas.size(); i++) {
            w.messageField(3, ProtobufWriter.record(i % keys.size(), i % 2 == 0 ? null : 0L,
                datas.get(i)));
          }
          return w.toByteArray();
        });
    return Combinators.combine(valid, mutations()).as(CodecPropertiesTest::mutate);
  }

  private Arbitrary<List<Tuple.Tuple3<Integer, Integer, Byte>>> mutations() {
    Arbitrary<Tuple.Tuple3<Integer, Integer, Byte>> one = Combinators.combine(
        Arbitraries.integers().between(0, 3),
        Arbitraries.integers().between(0, Integer.MAX_VALUE),
        Arbitraries.bytes()).as(Tuple::of);
    return one.list().ofMinSize(1).ofMaxSize(3);
  }

  private static byte[] mutate(byte[] data, List<Tuple.Tuple3<Integer, Integer, Byte>> mutations) {
    byte[] d = data;
    for (Tuple.Tuple3<Integer, Integer, Byte> m : mutations) {
      int at = d.length == 0 ? 0 : m.get2() % d.length;
      switch (m.get1()) {
        case 0: // overwrite one byte
          if (d.length > 0) {
            d = d.clone();
            d[at] = m.get3();
          }
          break;
        case 1: // cut the end off
          d = Arrays.copyOf(d, at);
          break;
        case 2: // insert a byte
          byte[] ins = new byte[d.length + 1];
          System.arraycopy(d, 0, ins, 0, at);
          ins[at] = m.get3();
          System.arraycopy(d, at, ins, at + 1, d.length - at);
          d = ins;
          break;
        default: // delete a byte
          if (d.length > 0) {
            byte[] del = new byte[d.length - 1];
            System.arraycopy(d, 0, del, 0, at);
            System.arraycopy(d, at + 1, del, at, d.length - at - 1);
            d = del;
          }
      }
    }
    return d;
  }

  /** Strings of valid code points (never lone surrogates), ASCII-heavy, some astral. */
  private static Arbitrary<String> text(int minCodePoints, int maxCodePoints) {
    Arbitrary<Integer> codePoint = Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.integers().between(0x20, 0x7E)),
        Tuple.of(2, Arbitraries.integers().between(0, 0xD7FF)),
        Tuple.of(1, Arbitraries.integers().between(0xE000, 0x10FFFF)));
    return codePoint.list().ofMinSize(minCodePoints).ofMaxSize(maxCodePoints).map(cps -> {
      StringBuilder sb = new StringBuilder();
      cps.forEach(sb::appendCodePoint);
      return sb.toString();
    });
  }
}
