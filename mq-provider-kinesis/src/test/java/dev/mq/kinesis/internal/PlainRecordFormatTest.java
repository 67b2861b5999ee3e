package dev.mq.kinesis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mq.DeadLetters;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.MessageTooLargeException;
import dev.mq.kinesis.internal.codec.DecodedMessage;
import dev.mq.kinesis.internal.codec.PlainRecords;
import dev.mq.kinesis.internal.codec.RecordCodec;
import dev.mq.kinesis.testing.KinesisEndpoint;
import dev.mq.kinesis.testing.KinesisEndpointExtension;
import dev.mq.kinesis.testing.TestStreams;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * {@code mq.kinesis.record-format=plain}: the record data is the body alone, read back with the
 * plain SDK; what the format cannot carry is refused at push; readers of this library see such
 * records raw; dead letters stay in the envelope format.
 */
@Tag("interop")
@ExtendWith(KinesisEndpointExtension.class)
class PlainRecordFormatTest {

  @TempDir
  Path dir;

  private Map<String, String> plain(KinesisEndpoint endpoint) {
    Map<String, String> config = ProviderTests.config(endpoint, dir);
    config.put("mq.kinesis.record-format", "plain");
    return config;
  }

  /** Every record of the one-shard stream, in order, as the plain SDK returns them. */
  private static List<Record> records(KinesisEndpoint endpoint, String stream, int expected) {
    List<Record> out = new ArrayList<>();
    try (KinesisClient c = endpoint.syncClient()) {
      ProviderTests.await(expected + " records in " + stream, () -> {
        out.clear();
        TestStreams.forEachRecord(c, stream, (shard, r) -> out.add(r));
        return out.size() >= expected;
      });
    }
    return out;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void pushPushAllAndPushAsyncWriteTheBodyAloneByteForByte(KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("plain-bytes", 1);
    byte[] binary = {0, 1, 2, (byte) 0xFF, (byte) 0xD1, 0x4D}; // not at the start: no magic
    Envelope keyed = Envelope.builder().body("{\"order\":1}").partitionKey("customer-7").build();
    Envelope unkeyed = Envelope.builder().body(binary).build();
    Envelope batch1 = Envelope.builder().body("b1").partitionKey("customer-7").build();
    Envelope batch2 = Envelope.builder().body("b2").partitionKey("customer-8").build();
    Envelope async = Envelope.builder().body("async").partitionKey("customer-9").build();
    try (KinesisBroker broker = ProviderTests.connect(plain(endpoint))) {
      MessageQueue q = broker.queue(stream);
      q.push(keyed);
      q.push(unkeyed);
      q.pushAll(List.of(batch1, batch2));
      q.pushAsync(async).join();
    }
    List<Record> got = records(endpoint, stream, 5);
    assertThat(got).extracting(r -> r.data().asByteArray())
        .containsExactly(utf8("{\"order\":1}"), binary, utf8("b1"), utf8("b2"), utf8("async"));
    assertThat(got).extracting(Record::partitionKey).containsExactly("customer-7",
        unkeyed.messageId(), "customer-7", "customer-8", "customer-9");
  }

  @Test
  void theDefaultFormatIsStillTheEnvelope(KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("plain-default", 1);
    Envelope e = Envelope.builder().body("b").property("p", "v").build();
    try (KinesisBroker broker = ProviderTests.connect(ProviderTests.config(endpoint, dir))) {
      broker.queue(stream).push(e);
    }
    DecodedMessage decoded = RecordCodec.decode(records(endpoint, stream, 1).get(0).data()
        .asByteArray()).orElseThrow();
    assertThat(decoded.toEnvelopeBuilder().build().messageId()).isEqualTo(e.messageId());
  }

  @Test
  void aReaderOfThisLibraryGetsPlainRecordsRaw(KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("plain-read", 1);
    try (KinesisBroker producer = ProviderTests.connect(plain(endpoint));
        KinesisBroker consumer = ProviderTests.connect(ProviderTests.config(endpoint, dir))) {
      producer.queue(stream).push(Envelope.builder().body("first").partitionKey("k").build());
      Envelope unkeyed = Envelope.of("second");
      producer.queue(stream).push(unkeyed);
      List<Envelope> got = ProviderTests.receiveAndAck(consumer.queue(stream), 2);
      Envelope first = got.get(0);
      assertThat(first.bodyAsString()).isEqualTo("first");
      assertThat(first.partitionKey()).contains("k");
      assertThat(first.messageId()).isEqualTo("shardId-000000000000/"
          + first.property("mq.kinesis.sequence-number").orElseThrow());
      assertThat(first.properties()).containsEntry("mq.kinesis.partition-key", "k")
          .containsKeys("mq.kinesis.shard-id", "mq.kinesis.arrival-time");
      Envelope second = got.get(1);
      assertThat(second.bodyAsString()).isEqualTo("second");
      assertThat(second.partitionKey()).as("the message id was the Kinesis key")
          .contains(unkeyed.messageId());
      assertThat(second.messageId()).isNotEqualTo(unkeyed.messageId());
    }
  }

  @Test
  void whatThePlainFormatCannotCarryIsRefusedAndNothingIsWritten(KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("plain-refused", 1);
    Envelope withProperty = Envelope.builder().body("x").property("tenant", "acme").build();
    Envelope longKey = Envelope.builder().body("x").partitionKey("k".repeat(257)).build();
    Envelope ourMagic = Envelope.builder().body(RecordCodec.encode(Envelope.of("inner"))).build();
    Envelope kplMagic = Envelope.builder().body(new byte[] {(byte) 0xF3, (byte) 0x89,
        (byte) 0x9A, (byte) 0xC2, 1}).build();
    try (KinesisBroker broker = ProviderTests.connect(plain(endpoint))) {
      MessageQueue q = broker.queue(stream);
      assertThatThrownBy(() -> q.push(withProperty)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'tenant'").hasMessageContaining("mq.kinesis.record-format=plain");
      assertThatThrownBy(() -> q.pushAsync(withProperty))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'tenant'");
      assertThatThrownBy(() -> q.pushAll(List.of(Envelope.of("fine"), withProperty)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'tenant'");
      assertThatThrownBy(() -> q.push(longKey)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("257 characters");
      assertThatThrownBy(() -> q.push(ourMagic)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("envelope format");
      assertThatThrownBy(() -> q.push(kplMagic)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("KPL aggregate");
      q.push(Envelope.of("the only record"));
    }
    List<Record> got = records(endpoint, stream, 1);
    assertThat(got).extracting(r -> r.data().asUtf8String()).containsExactly("the only record");
  }

  @Test
  void aDeadLetterOfAPlainRecordIsWrittenInTheEnvelopeFormat(KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("plain-dlq", 1);
    Map<String, String> config = plain(endpoint);
    config.put("mq.dead-letter-queue", "{queue}-dlq");
    try (KinesisBroker broker = ProviderTests.connect(config)) {
      MessageQueue q = broker.queue(stream);
      q.push(Envelope.builder().body("poison").partitionKey("k").build());
      Envelope e = ProviderTests.receive(q, 1).get(0);
      q.reject(e, false, "cannot bill it");
      Envelope dead = ProviderTests.receiveAndAck(broker.queue(stream + "-dlq"), 1).get(0);
      assertThat(dead.bodyAsString()).isEqualTo("poison");
      assertThat(dead.messageId()).isEqualTo(e.messageId());
      assertThat(dead.property(DeadLetters.REASON).orElseThrow()).contains("cannot bill it");
      assertThat(dead.property("mq.kinesis.sequence-number"))
          .isEqualTo(e.property("mq.kinesis.sequence-number"));
    }
    Record deadRecord = records(endpoint, stream + "-dlq", 1).get(0);
    Envelope decoded = RecordCodec.decode(deadRecord.data().asByteArray()).orElseThrow()
        .toEnvelopeBuilder().build();
    assertThat(decoded.property(DeadLetters.SOURCE_QUEUE)).contains(stream);
    assertThat(decoded.bodyAsString()).isEqualTo("poison");
  }

  @Test
  void theLargestPlainMessageCanStillBeDeadLettered(KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("plain-largest", 1);
    Map<String, String> config = plain(endpoint);
    config.put("mq.dead-letter-queue", "{queue}-dlq");
    String key = "\u20ac".repeat(256); // 256 characters of 3 UTF-8 bytes: the longest plain key
    int largest = (int) (1_048_576 - KinesisBroker.DEAD_LETTER_HEADROOM
        - PlainRecords.RAW_READ_BACK_OVERHEAD - 3L * 768);
    try (KinesisBroker broker = ProviderTests.connect(config)) {
      MessageQueue q = broker.queue(stream);
      assertThatThrownBy(() -> q.push(Envelope.builder().body(new byte[largest + 1])
          .partitionKey(key).build())).isInstanceOf(MessageTooLargeException.class);
      q.push(Envelope.builder().body(new byte[largest]).partitionKey(key).build());
      Envelope e = ProviderTests.receive(q, 1).get(0);
      assertThat(e.bodySize()).isEqualTo(largest);
      q.reject(e, false, "\u20ac".repeat(1024)); // the longest reason DeadLetters keeps
      Envelope dead = ProviderTests.receiveAndAck(broker.queue(stream + "-dlq"), 1).get(0);
      assertThat(dead.bodySize()).isEqualTo(largest);
      assertThat(dead.partitionKey()).contains(key);
    }
  }
}
