package dev.mq.kinesis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.kinesis.checkpoint.Checkpoint;
import dev.mq.kinesis.internal.checkpoint.FileCheckpointStore;
import dev.mq.kinesis.internal.codec.RecordCodec;
import dev.mq.kinesis.testing.KinesisEndpoint;
import dev.mq.kinesis.testing.KinesisEndpointExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordRequest;

/** KPL aggregates written raw by a test: de-aggregated end to end, resumed inside an aggregate. */
@ExtendWith(KinesisEndpointExtension.class)
class AggregatedRecordsTest {

  @TempDir
  Path dir;

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void putRaw(KinesisEndpoint endpoint, String stream, byte[] data) {
    try (KinesisClient c = endpoint.syncClient()) {
      c.putRecord(PutRecordRequest.builder().streamName(stream).partitionKey("aggregate")
          .data(SdkBytes.fromByteArray(data)).build());
    }
  }

  @Test
  void userRecordsAreDeliveredOneByOneAndACheckpointInsideTheAggregateResumesThere(KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("kpl", 1);
    Envelope ours = Envelope.builder().messageId("ours-2").partitionKey("k").property("p", "ü").body("decoded").build();
    putRaw(endpoint, stream, KplRecords.aggregate(List.of("a", "b"), List.of(
        new KplRecords.User(0, utf8("raw-0")),
        new KplRecords.User(1, utf8("raw-1")),
        new KplRecords.User(0, RecordCodec.encode(ours)),
        new KplRecords.User(1, utf8("raw-3")))));
    Map<String, String> config = ProviderTests.config(endpoint, dir);
    String sequence;
    try (KinesisBroker broker = ProviderTests.connect(config)) {
      MessageQueue q = broker.queue(stream);
      // "raw-3" has the key of "raw-1", so it comes only once "raw-1" is acknowledged
      List<Envelope> got = new java.util.ArrayList<>(ProviderTests.receive(q, 3));
      assertThat(got).extracting(Envelope::bodyAsString).containsExactly("raw-0", "raw-1", "decoded");
      q.acknowledge(got.get(0));
      q.acknowledge(got.get(1));
      got.add(ProviderTests.receive(q, 1).get(0));
      assertThat(got.get(3).bodyAsString()).isEqualTo("raw-3");
      assertThat(got.get(0).partitionKey()).contains("a");
      assertThat(got.get(1).partitionKey()).contains("b");
      assertThat(got.get(1).property("mq.kinesis.sub-sequence-number")).contains("1");
      assertThat(got.get(3).property("mq.kinesis.sub-sequence-number")).contains("3");
      assertThat(got.get(2).messageId()).isEqualTo("ours-2");
      assertThat(got.get(2).partitionKey()).contains("k");
      assertThat(got.get(2).properties()).isEqualTo(Map.of("p", "ü"));
      sequence = got.get(0).property("mq.kinesis.sequence-number").orElseThrow();
      q.acknowledge(got.get(3)); // sub-record 2 stays unacknowledged
    }
    assertThat(new FileCheckpointStore(dir).load(stream, "default"))
        .containsValue(Checkpoint.at(sequence, 1));
    try (KinesisBroker broker = ProviderTests.connect(config)) {
      MessageQueue q = broker.queue(stream);
      List<Envelope> again = ProviderTests.receiveAndAck(q, 1);
      assertThat(again).extracting(Envelope::bodyAsString)
          .as("resumed at the aggregate, skipping the acknowledged sub-records 0 and 1, and 3, "
              + "acknowledged behind 2 before the restart (SPEC 4.5)")
          .containsExactly("decoded");
      ProviderTests.assertNothingMore(q);
    }
  }

  @Test
  void aCorruptAggregateIsDeliveredRawWithTheReason(KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("kpl-corrupt", 1);
    byte[] good = KplRecords.aggregate(List.of("a"), List.of(new KplRecords.User(0, utf8("x"))));
    good[6] ^= 0x55; // the MD5 no longer matches
    putRaw(endpoint, stream, good);
    try (KinesisBroker broker = ProviderTests.connect(ProviderTests.config(endpoint, dir))) {
      MessageQueue q = broker.queue(stream);
      q.push(Envelope.of("after"));
      List<Envelope> got = ProviderTests.receiveAndAck(q, 2);
      assertThat(got.get(0).body()).isEqualTo(good);
      assertThat(got.get(0).property("mq.kinesis.corrupt-reason").orElseThrow()).contains("KPL");
      assertThat(got.get(1).bodyAsString()).isEqualTo("after");
    }
  }
}
