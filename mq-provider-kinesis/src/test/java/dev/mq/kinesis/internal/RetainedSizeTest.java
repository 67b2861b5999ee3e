package dev.mq.kinesis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.Envelope;
import dev.mq.kinesis.internal.codec.RecordCodec;
import dev.mq.kinesis.internal.consumer.Dispatcher;
import dev.mq.kinesis.internal.consumer.InboundMessage;
import dev.mq.kinesis.internal.consumer.MappedRecord;
import dev.mq.kinesis.internal.consumer.MappedRecords;
import dev.mq.kinesis.internal.consumer.ShardTracker;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * Measures roughly, on the heap, what a message held by a shard reader retains (message,
 * envelope, tracker and dispatcher entries) and checks that {@link InboundMessage#retainedBytes}
 * neither undercounts it by more than a fifth nor counts more than twice of it (raw records
 * share strings the count cannot know of), for small messages, where the overhead is most of it.
 */
class RetainedSizeTest {

  private static final int MESSAGES = 50_000;
  private static final String SHARD = "shardId-000000000000";
  private static final String SEQUENCE = "49654000000000000000000000000000000000000000000000000002";

  private static long heapAfterGc() {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  /** Holds {@code MESSAGES} messages as a reader does; returns {measured, estimated} per message. */
  private static long[] measure(IntFunction<MappedRecord> make) {
    ShardTracker tracker = new ShardTracker(SHARD, null);
    Dispatcher dispatcher = new Dispatcher();
    List<MappedRecord> warmup = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      warmup.add(make.apply(i));
    }
    long before = heapAfterGc();
    long estimated = 0;
    for (int i = 0; i < MESSAGES; i++) {
      MappedRecord mr = make.apply(i);
      long size = InboundMessage.retainedBytes(mr.envelope());
      estimated += size;
      InboundMessage m = new InboundMessage(SHARD, SEQUENCE, mr.subSequenceNumber(),
          mr.lastOfRecord(), mr.envelope(), size);
      tracker.add(m);
      dispatcher.offer(m);
    }
    long measured = heapAfterGc() - before;
    assertThat(tracker.outstandingCount()).isEqualTo(MESSAGES); // keeps both alive until here
    assertThat(dispatcher.readyCount()).isPositive();
    return new long[] {measured / MESSAGES, estimated / MESSAGES};
  }

  private static Record record(byte[] data) {
    return Record.builder().sequenceNumber(SEQUENCE).partitionKey("aggregate")
        .approximateArrivalTimestamp(Instant.parse("2026-12-03T02:00:00Z"))
        .data(SdkBytes.fromByteArray(data)).build();
  }

  private static void assertClose(String what, long[] perMessage) {
    System.out.println(what + ": measured " + perMessage[0] + " bytes per message, counted "
        + perMessage[1]);
    assertThat(perMessage[1]).as(what + ": counted vs measured " + perMessage[0])
        .isBetween(perMessage[0] * 8 / 10, perMessage[0] * 2);
  }

  @Test
  void emptyUserRecordsOfAnAggregateCountAboutWhatTheyRetain() {
    List<KplRecords.User> users = new ArrayList<>();
    for (int i = 0; i < MESSAGES + 100; i++) {
      users.add(new KplRecords.User(i % 16, new byte[0]));
    }
    List<String> keys = new ArrayList<>();
    for (int k = 0; k < 16; k++) {
      keys.add("key-" + k);
    }
    MappedRecords messages = new CodecRecordMapper().map(SHARD,
        record(KplRecords.aggregate(keys, users)));
    assertClose("raw empty user record", measure(i -> messages.next()));
  }

  @Test
  void emptyMessagesOfThisFormatCountAboutWhatTheyRetain() {
    CodecRecordMapper mapper = new CodecRecordMapper();
    assertClose("empty message of this format", measure(i -> mapper.map(SHARD,
        record(RecordCodec.encode(Envelope.of(new byte[0])))).next()));
  }

  @Test
  void smallMessagesWithPropertiesCountAboutWhatTheyRetain() {
    CodecRecordMapper mapper = new CodecRecordMapper();
    assertClose("message of this format with 4 properties", measure(i -> mapper.map(SHARD,
        record(RecordCodec.encode(Envelope.builder().body("b" + i).partitionKey("key-" + i % 16)
            .property("type", "order").property("tenant", "t" + i % 100)
            .property("trace-id", Integer.toHexString(i * 31)).property("n", Integer.toString(i))
            .build()))).next()));
  }
}
