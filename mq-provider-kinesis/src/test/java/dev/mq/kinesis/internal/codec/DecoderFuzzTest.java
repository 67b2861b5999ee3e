package dev.mq.kinesis.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.mq.Envelope;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.junit.jupiter.api.Assumptions;

/**
 * Fuzzes every decoder entry point with 100,000 hostile inputs each: random bytes, our magic
 * followed by garbage, valid records with random damage, and records whose headers lie (length
 * and count fields past the end, huge values, wrong wire types), with a valid checksum so that
 * the lies reach the parser. For each input the decoder returns a result or throws its own
 * {@link RecordFormatException}, nothing else; and the bytes it allocates stay within
 * {@link #ALLOCATION_FACTOR} times the record's size plus {@link #ALLOCATION_SLACK}, measured on
 * the decoding thread: a claimed size never turns into an allocation. Each input is decoded once
 * before it is measured, so that one-time costs (linking a string concatenation call site,
 * loading a class) are not counted; the decoder is deterministic, so the measured run takes the
 * same path.
 */
class DecoderFuzzTest {

  static final int TRIES = 100_000;
  /**
   * Allocation allowed per input byte. Decoding makes Java objects (strings, maps, the result),
   * which are bigger than the bytes they come from: a 6-byte KPL user record becomes a
   * {@code UserRecord} with its array (about 17 bytes allocated per record byte), a 6-byte
   * property a map entry with its name (about 15). A lying length field of 4 GiB would blow any
   * such bound by orders of magnitude; see {@code LyingHeadersTest}.
   */
  static final long ALLOCATION_FACTOR = 32;
  /**
   * Fixed allowance: the exception with its stack trace, the MD5 digest, small lists. Measured
   * worst case over the 100,000 inputs of up to 300 bytes: under 6 KiB in all; a u16 length lie
   * alone would allocate 64 KiB.
   */
  static final long ALLOCATION_SLACK = 8 * 1024;

  @BeforeContainer
  static void needsAllocationCounter() {
    Assumptions.assumeTrue(Allocations.supported(), "this JVM does not count allocations per thread");
  }

  @Property(tries = TRIES)
  void recordDecoderReturnsOrThrowsItsOwnExceptionWithinTheAllocationBound(
      @ForAll("hostileRecords") byte[] record) {
    Object[] outcome = {decode(record)}; // the first run links call sites (string concatenation, classes)
    long allocated = Allocations.of(() -> outcome[0] = decode(record));
    if (outcome[0] instanceof Unexpected u) {
      fail("RecordCodec.decode threw " + u.thrown() + " for " + Arrays.toString(record), u.thrown());
    }
    if (outcome[0] instanceof RecordFormatException) {
      assertThat(RecordCodec.hasMagic(record)).as("only records with our magic are refused").isTrue();
    }
    assertWithinBound("RecordCodec.decode", record, allocated);
  }

  @Property(tries = TRIES)
  void kplDeaggregationReturnsOrThrowsItsOwnExceptionWithinTheAllocationBound(
      @ForAll("hostileAggregates") byte[] record) {
    Object[] outcome = {deaggregate(record)}; // the first run links call sites
    long allocated = Allocations.of(() -> outcome[0] = deaggregate(record));
    if (outcome[0] instanceof Unexpected u) {
      fail("KplAggregate.deaggregate threw " + u.thrown() + " for " + Arrays.toString(record), u.thrown());
    }
    if (outcome[0] instanceof List<?> users) {
      long payload = 0;
      for (Object u : users) {
        payload += ((UserRecord) u).data().length;
      }
      assertThat(payload).as("user record data is carved out of the record").isLessThan(record.length);
    }
    assertWithinBound("KplAggregate.deaggregate", record, allocated);
  }

  @Property(tries = TRIES)
  void protobufReaderWalksAnyBytesOrThrowsItsOwnException(@ForAll("protobufBytes") byte[] data) {
    ProtobufReader r = new ProtobufReader(data, 0, data.length);
    int steps = 0;
    try {
      while (r.hasMore()) {
        int before = r.position();
        int tag = r.tag();
        int wire = tag & 7;
        if (wire == ProtobufReader.WIRE_LENGTH_DELIMITED) {
          int start = r.lengthDelimited("field");
          assertThat(start).isBetween(before, data.length);
        } else {
          r.skip(wire, "field");
        }
        assertThat(r.position()).as("progress within bounds").isGreaterThan(before).isLessThanOrEqualTo(data.length);
        steps++;
      }
    } catch (RecordFormatException expected) {
      assertThat(r.position()).isLessThanOrEqualTo(data.length);
    } catch (RuntimeException other) {
      fail("ProtobufReader threw " + other + " for " + Arrays.toString(data), other);
    }
    assertThat(steps).isLessThanOrEqualTo(data.length);
  }

  @Property(tries = TRIES)
  void utf8DecoderAgreesWithTheJdksStrictDecoder(@ForAll("utf8ish") byte[] data) {
    String jdk;
    try {
      jdk = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(data)).toString();
    } catch (CharacterCodingException e) {
      jdk = null;
    }
    assertThat(dev.mq.spi.Utf8.isWellFormed(data, 0, data.length)).as("well-formed verdict").isEqualTo(jdk != null);
    try {
      String ours = Utf8Decoder.decode(data, 0, data.length, "fuzz");
      assertThat(ours).isEqualTo(jdk);
    } catch (RecordFormatException e) {
      assertThat(jdk).as("refused only what the JDK refuses").isNull();
    }
  }

  /** Largest allocation seen, and the size of its record, per entry point, for the report. */
  private static final Map<String, long[]> WORST = new ConcurrentHashMap<>();

  @AfterContainer
  static void reportWorstCase() {
    WORST.forEach((what, worst) -> System.out.println("[allocation] " + what + ": at most "
        + worst[0] + " bytes, for a " + worst[1] + "-byte record"));
  }

  private static void assertWithinBound(String what, byte[] record, long allocated) {
    WORST.merge(what, new long[] {allocated, record.length}, (a, b) -> a[0] >= b[0] ? a : b);
    long bound = ALLOCATION_FACTOR * record.length + ALLOCATION_SLACK;
    assertThat(allocated).as("%s allocated %d bytes for a %d-byte record", what, allocated, record.length)
        .isLessThanOrEqualTo(bound);
  }

  /** The decoded message, the RecordFormatException, or any other throwable, as a value. */
  private static Object decode(byte[] record) {
    try {
      return RecordCodec.decode(record);
    } catch (RecordFormatException e) {
      return e;
    } catch (Throwable t) {
      return new Unexpected(t);
    }
  }

  private static Object deaggregate(byte[] record) {
    try {
      return KplAggregate.deaggregate(record);
    } catch (RecordFormatException e) {
      return e;
    } catch (Throwable t) {
      return new Unexpected(t);
    }
  }

  /** A throwable other than RecordFormatException, kept apart from the expected outcomes. */
  record Unexpected(Throwable thrown) {}

  // ---- generators ----

  /** Inputs for RecordCodec.decode. */
  @Provide
  Arbitrary<byte[]> hostileRecords() {
    return Arbitraries.frequencyOf(
        Tuple.of(1, bytes(300)),
        Tuple.of(2, bytes(300).map(tail -> concat(RecordCodec.MAGIC, tail))),
        Tuple.of(2, bytes(300).map(tail -> concat(RecordCodec.MAGIC, new byte[] {RecordCodec.VERSION}, tail))),
        Tuple.of(4, lyingRecords()),
        Tuple.of(3, damagedRecords()));
  }

  /** Inputs for KplAggregate.deaggregate: all start with the KPL magic. */
  @Provide
  Arbitrary<byte[]> hostileAggregates() {
    return Arbitraries.frequencyOf(
        Tuple.of(1, bytes(300).map(tail -> concat(KplAggregate.MAGIC, tail))),
        Tuple.of(2, bytes(300).map(ProtobufWriter::aggregate)),
        Tuple.of(5, lyingAggregates().map(ProtobufWriter::aggregate)),
        Tuple.of(2, lyingAggregates().map(DecoderFuzzTest::mutateOnce).map(ProtobufWriter::aggregate)),
        Tuple.of(1, lyingAggregates().map(p -> ProtobufWriter.aggregate(p, new byte[16]))),
        Tuple.of(1, manyTinyFields().map(ProtobufWriter::aggregate)));
  }

  /**
   * The worst case for allocation per byte: up to 2,000 minimal table entries and user records
   * (2 and 6 bytes each), each of which becomes an object.
   */
  private Arbitrary<byte[]> manyTinyFields() {
    return Arbitraries.integers().between(0, 3).list().ofMaxSize(2000).map(kinds -> {
      ProtobufWriter w = new ProtobufWriter().stringField(1, "k");
      for (int kind : kinds) {
        switch (kind) {
          case 0 -> w.stringField(1, "");
          case 1 -> w.stringField(1, "x");
          case 2 -> w.stringField(2, "");
          default -> w.messageField(3, ProtobufWriter.record(0, null, new byte[0]));
        }
      }
      return w.toByteArray();
    });
  }

  @Provide
  Arbitrary<byte[]> protobufBytes() {
    return Arbitraries.frequencyOf(Tuple.of(1, bytes(200)), Tuple.of(2, lyingAggregates()));
  }

  /** Bytes biased to the interesting UTF-8 lead and continuation ranges. */
  @Provide
  Arbitrary<byte[]> utf8ish() {
    Arbitrary<Byte> b = Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.bytes().between((byte) 0x20, (byte) 0x7E)),
        Tuple.of(3, Arbitraries.integers().between(0x80, 0xBF).map(Integer::byteValue)),
        Tuple.of(2, Arbitraries.integers().between(0xC0, 0xFF).map(Integer::byteValue)),
        Tuple.of(1, Arbitraries.of((byte) 0xE0, (byte) 0xED, (byte) 0xF0, (byte) 0xF4, (byte) 0xA0,
            (byte) 0x9F, (byte) 0x90, (byte) 0x8F, (byte) 0xC1, (byte) 0xC2)),
        Tuple.of(1, Arbitraries.bytes()));
    return b.list().ofMaxSize(24).map(DecoderFuzzTest::toArray);
  }

  /**
   * Records of our format built field by field, where every length and count is either honest
   * (the number of bytes that follow) or a lie: small, huge, or at a limit's edge.
   */
  private Arbitrary<byte[]> lyingRecords() {
    Arbitrary<Integer> flags = Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.of(0, 1)), Tuple.of(1, Arbitraries.integers().between(0, 255)));
    Arbitrary<Lie> id = lie(u16Lies(), 40);
    Arbitrary<Lie> key = lie(u16Lies(), 40);
    Arbitrary<Optional<Long>> count = u16Lies().optional(0.5);
    Arbitrary<List<Tuple.Tuple2<Lie, Lie>>> props = Combinators.combine(lie(u16Lies(), 12), lie(u16Lies(), 20))
        .as(Tuple::of).list().ofMaxSize(5);
    Arbitrary<Lie> body = lie(u32Lies(), 60);
    Arbitrary<Integer> version = Arbitraries.frequencyOf(Tuple.of(9, Arbitraries.just(1)),
        Tuple.of(1, Arbitraries.integers().between(0, 255)));
    return Combinators.combine(version, flags, id, key, count, props, body).as((v, f, i, k, c, p, b) -> {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes(RecordCodec.MAGIC);
      out.write(v);
      out.write(f);
      i.writeU16(out);
      if ((f & 1) != 0) {
        k.writeU16(out);
      }
      long n = c.orElse((long) p.size());
      out.write((int) (n >>> 8));
      out.write((int) n);
      for (Tuple.Tuple2<Lie, Lie> prop : p) {
        prop.get1().writeU16(out);
        prop.get2().writeU16(out);
      }
      b.writeU32(out);
      return out.toByteArray();
    });
  }

  /**
   * KPL protobufs built field by field: table entries, records and unknown fields, with lengths
   * honest or lying (up to 2^63), indexes in range or huge, and wire types right or wrong.
   */
  private Arbitrary<byte[]> lyingAggregates() {
    Arbitrary<Long> lengthLie = Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.longs().between(0, 64)),
        Tuple.of(1, Arbitraries.of(127L, 128L, 16_383L, 16_384L, (long) Integer.MAX_VALUE,
            1L << 32, Long.MAX_VALUE, -1L)),
        Tuple.of(1, Arbitraries.longs()));
    Arbitrary<Lie> payload = Combinators.combine(bytes(24), lengthLie.optional(0.6)).as(Lie::new);
    Arbitrary<Long> index = Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.longs().between(0, 3)),
        Tuple.of(1, Arbitraries.of((long) Integer.MAX_VALUE, 1L << 31, Long.MAX_VALUE, -1L)),
        Tuple.of(1, Arbitraries.longs()));
    Arbitrary<Integer> wire = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just(-1)),
        Tuple.of(1, Arbitraries.integers().between(0, 7)));
    Arbitrary<byte[]> record = Combinators.combine(index, index.optional(0.3), payload, wire, bytes(6).optional(0.2))
        .as((pk, ehk, data, w, unknown) -> {
          ProtobufWriter r = new ProtobufWriter();
          r.tag(1, w < 0 ? ProtobufReader.WIRE_VARINT : w).varint(pk);
          ehk.ifPresent(e -> r.varintField(2, e));
          r.tag(3, ProtobufReader.WIRE_LENGTH_DELIMITED);
          data.writeVarint(r);
          unknown.ifPresent(u -> r.bytesField(9, u));
          return r.toByteArray();
        });
    Arbitrary<Lie> recordField = Combinators.combine(record, lengthLie.optional(0.8)).as(Lie::new);
    Arbitrary<byte[]> field = Arbitraries.frequencyOf(
        Tuple.of(3, Combinators.combine(Arbitraries.of(1, 2), wire, payload).as((f, w, p) -> {
          ProtobufWriter pw = new ProtobufWriter().tag(f, w < 0 ? ProtobufReader.WIRE_LENGTH_DELIMITED : w);
          p.writeVarint(pw);
          return pw.toByteArray();
        })),
        Tuple.of(4, Combinators.combine(wire, recordField).as((w, rec) -> {
          ProtobufWriter pw = new ProtobufWriter().tag(3, w < 0 ? ProtobufReader.WIRE_LENGTH_DELIMITED : w);
          rec.writeVarint(pw);
          return pw.toByteArray();
        })),
        Tuple.of(1, Combinators.combine(Arbitraries.integers().between(4, (1 << 29) - 1), Arbitraries.integers().between(0, 7),
            bytes(10)).as((f, w, b) -> concat(new ProtobufWriter().tag(f, w).toByteArray(), b))));
    return field.list().ofMaxSize(8).map(parts -> {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      parts.forEach(out::writeBytes);
      return out.toByteArray();
    });
  }

  /** Valid records of our format with one to three random changes. */
  private Arbitrary<byte[]> damagedRecords() {
    Arbitrary<Envelope> envelopes = Combinators.combine(
        Arbitraries.strings().ofMinLength(1).ofMaxLength(20),
        Arbitraries.strings().ofMinLength(1).ofMaxLength(10).optional(0.5),
        Arbitraries.maps(Arbitraries.strings().ofMinLength(1).ofMaxLength(8), Arbitraries.strings().ofMaxLength(12)).ofMaxSize(4),
        bytes(80)).as((id, key, props, body) -> {
          Envelope.Builder b = Envelope.builder().messageId(clean(id)).body(body);
          props.forEach((n, v) -> b.property(clean(n), clean(v)));
          key.ifPresent(k -> b.partitionKey(clean(k)));
          return b.build();
        });
    Arbitrary<List<Tuple.Tuple3<Integer, Integer, Byte>>> mutations = Combinators.combine(
        Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, Integer.MAX_VALUE), Arbitraries.bytes())
        .as(Tuple::of).list().ofMinSize(1).ofMaxSize(3);
    return Combinators.combine(envelopes, mutations).as((e, m) -> mutate(RecordCodec.encode(e), m));
  }

  /** A length or count field: the claim written, or empty for an honest one, and the bytes that follow. */
  record Lie(byte[] bytes, Optional<Long> claim) {
    void writeU16(ByteArrayOutputStream out) {
      long n = claim.orElse((long) bytes.length);
      out.write((int) (n >>> 8));
      out.write((int) n);
      out.writeBytes(bytes);
    }

    void writeU32(ByteArrayOutputStream out) {
      long n = claim.orElse((long) bytes.length);
      out.write((int) (n >>> 24));
      out.write((int) (n >>> 16));
      out.write((int) (n >>> 8));
      out.write((int) n);
      out.writeBytes(bytes);
    }

    void writeVarint(ProtobufWriter w) {
      w.varint(claim.orElse((long) bytes.length));
      w.raw(bytes);
    }
  }

  private static Arbitrary<Lie> lie(Arbitrary<Long> claims, int maxBytes) {
    return Combinators.combine(utf8Or(bytes(maxBytes)), claims.optional(0.3)).as(Lie::new);
  }

  private static Arbitrary<Long> u16Lies() {
    return Arbitraries.frequencyOf(
        Tuple.of(2, Arbitraries.longs().between(0, 64)),
        Tuple.of(1, Arbitraries.of(0L, 255L, 256L, 257L, 1024L, 1025L, 4096L, 4097L, 0x7FFFL, 0x8000L, 0xFFFFL)),
        Tuple.of(1, Arbitraries.longs().between(0, 0xFFFF)));
  }

  private static Arbitrary<Long> u32Lies() {
    return Arbitraries.frequencyOf(
        Tuple.of(2, Arbitraries.longs().between(0, 128)),
        Tuple.of(1, Arbitraries.of(0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFFL, 0x0010_0000L, 0x00A0_0000L)),
        Tuple.of(1, Arbitraries.longs().between(0, 0xFFFF_FFFFL)));
  }

  /** Mostly valid UTF-8 text, sometimes raw bytes. */
  private static Arbitrary<byte[]> utf8Or(Arbitrary<byte[]> raw) {
    Arbitrary<byte[]> text = Arbitraries.strings().ofMaxLength(12).map(s -> clean(s).getBytes(StandardCharsets.UTF_8));
    return Arbitraries.frequencyOf(Tuple.of(3, text), Tuple.of(1, raw));
  }

  private static Arbitrary<byte[]> bytes(int max) {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(max);
  }

  /** Replaces lone surrogates, which the encoder refuses, and keeps the string non-empty. */
  private static String clean(String s) {
    StringBuilder sb = new StringBuilder();
    s.codePoints().forEach(cp -> sb.appendCodePoint(cp >= 0xD800 && cp <= 0xDFFF ? '?' : cp));
    return sb.length() == 0 ? "x" : sb.toString();
  }

  private static byte[] mutateOnce(byte[] data) {
    if (data.length == 0) {
      return data;
    }
    byte[] d = data.clone();
    d[d.length / 2] ^= (byte) 0x5A;
    return d;
  }

  private static byte[] mutate(byte[] data, List<Tuple.Tuple3<Integer, Integer, Byte>> mutations) {
    byte[] d = data;
    for (Tuple.Tuple3<Integer, Integer, Byte> m : mutations) {
      int at = d.length == 0 ? 0 : m.get2() % d.length;
      switch (m.get1()) {
        case 0 -> {
          if (d.length > 0) {
            d = d.clone();
            d[at] = m.get3();
          }
        }
        case 1 -> d = Arrays.copyOf(d, at);
        case 2 -> {
          byte[] ins = new byte[d.length + 1];
          System.arraycopy(d, 0, ins, 0, at);
          ins[at] = m.get3();
          System.arraycopy(d, at, ins, at + 1, d.length - at);
          d = ins;
        }
        default -> {
          if (d.length > 0) {
            byte[] del = new byte[d.length - 1];
            System.arraycopy(d, 0, del, 0, at);
            System.arraycopy(d, at + 1, del, at, d.length - at - 1);
            d = del;
          }
        }
      }
    }
    return d;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static byte[] toArray(List<Byte> list) {
    byte[] b = new byte[list.size()];
    for (int i = 0; i < b.length; i++) {
      b[i] = list.get(i);
    }
    return b;
  }
}
