package dev.mq.kinesis.internal.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.mq.Envelope;
import dev.mq.kinesis.checkpoint.Checkpoint;
import dev.mq.kinesis.internal.checkpoint.OpenedStore;
import dev.mq.kinesis.internal.checkpoint.MemoryCheckpointStore;
import dev.mq.kinesis.internal.config.KinesisConfig;
import dev.mq.kinesis.internal.config.ReadSettings;
import dev.mq.kinesis.testing.TestTimeouts;
import dev.mq.spi.ProviderConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.HashKeyRange;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.SequenceNumberRange;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * A read step that fails half-way through a batch (a mapper that throws, an Error, a malformed
 * sequence number) must not skip the rest of the batch: the reader never passes a record the
 * tracker does not hold.
 */
class ShardReaderStepTest {

  private static final String SHARD = "shardId-000000000000";
  private static final Duration AWAIT = TestTimeouts.scaled(Duration.ofSeconds(30));
  private static final Duration QUIET = TestTimeouts.scaled(Duration.ofMillis(1500));

  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
  private final MemoryCheckpointStore store = new MemoryCheckpointStore();
  private GroupEngine engine;

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
    scheduler.shutdownNow();
  }

  /** Hands out the scripted batches, one per fetch, then nothing (caught up). */
  private static final class ScriptedFetcher implements ShardFetcher {
    private final ArrayDeque<List<Record>> batches;
    final AtomicInteger fetches = new AtomicInteger();

    ScriptedFetcher(List<List<Record>> batches) {
      this.batches = new ArrayDeque<>(batches);
    }

    @Override
    public synchronized Fetch fetch(int maxRecords) {
      fetches.incrementAndGet();
      List<Record> next = batches.pollFirst();
      return Fetch.records(next == null ? List.of() : next, next == null, false);
    }

    @Override
    public long minIntervalNanos() {
      return TimeUnit.MILLISECONDS.toNanos(1);
    }

    @Override
    public long idleIntervalNanos() {
      return TimeUnit.MILLISECONDS.toNanos(20);
    }

    @Override
    public void close() {}
  }

  /** Maps a record's data to a message whose id is its sequence number, unless told to throw. */
  private static final class TestMapper implements RecordMapper {
    private final BiFunction<Record, Integer, RuntimeException> throwOn;
    private final Error errorOnce;
    private final String errorAt;
    private final AtomicInteger calls = new AtomicInteger();
    private boolean errorThrown;

    TestMapper(BiFunction<Record, Integer, RuntimeException> throwOn, String errorAt, Error errorOnce) {
      this.throwOn = throwOn;
      this.errorAt = errorAt;
      this.errorOnce = errorOnce;
    }

    @Override
    public MappedRecords map(String shardId, Record r) {
      RuntimeException e = throwOn.apply(r, calls.incrementAndGet());
      if (e != null) {
        throw e;
      }
      if (r.sequenceNumber().equals(errorAt) && !errorThrown) {
        errorThrown = true;
        throw errorOnce;
      }
      Envelope env = Envelope.builder().messageId(r.sequenceNumber()).body(r.data().asByteArray()).build();
      return MappedRecords.of(List.of(new MappedRecord(0, true, env, null)));
    }

    @Override
    public MappedRecord unmappable(String shardId, Record r, long subSequenceNumber, String reason) {
      Envelope env = Envelope.builder().messageId(r.sequenceNumber()).body(r.data().asByteArray())
          .property("corrupt", reason).build();
      return new MappedRecord(subSequenceNumber, true, env, reason);
    }
  }

  /**
   * Maps a record whose data is "aggregate" to {@link #USERS} empty user records, made one at a
   * time as they are asked for (counted in {@code made}); others to one message.
   */
  private static final class AggregateMapper implements RecordMapper {
    static final int USERS = 1000;
    final AtomicInteger made = new AtomicInteger();

    @Override
    public MappedRecords map(String shardId, Record r) {
      if (!r.data().asUtf8String().equals("aggregate")) {
        return MappedRecords.of(List.of(new MappedRecord(0, true,
            Envelope.builder().messageId(r.sequenceNumber()).body(r.data().asByteArray()).build(), null)));
      }
      return new MappedRecords() {
        private int next;

        @Override
        public boolean hasNext() {
          return next < USERS;
        }

        @Override
        public MappedRecord next() {
          made.incrementAndGet();
          int sub = next++;
          return new MappedRecord(sub, sub == USERS - 1,
              Envelope.builder().messageId(r.sequenceNumber() + "/" + sub).build(), null);
        }
      };
    }

    @Override
    public MappedRecord unmappable(String shardId, Record r, long subSequenceNumber, String reason) {
      throw new AssertionError("nothing fails here");
    }
  }

  private static Record record(String sequence) {
    return Record.builder().sequenceNumber(sequence).partitionKey("k")
        .data(SdkBytes.fromUtf8String("m" + sequence)).build();
  }

  private static List<Record> records(String... sequences) {
    List<Record> out = new ArrayList<>();
    for (String s : sequences) {
      out.add(record(s));
    }
    return out;
  }

  private static final class OneShard implements KinesisClient {
    @Override
    public ListShardsResponse listShards(ListShardsRequest r) {
      return ListShardsResponse.builder().shards(Shard.builder().shardId(SHARD)
          .hashKeyRange(HashKeyRange.builder().startingHashKey("0").endingHashKey("1").build())
          .sequenceNumberRange(SequenceNumberRange.builder().startingSequenceNumber("0").build())
          .build()).build();
    }

    @Override
    public String serviceName() {
      return "kinesis";
    }

    @Override
    public void close() {}
  }

  private void start(RecordMapper mapper, ShardFetcher fetcher) {
    start(mapper, fetcher, Map.of());
  }

  private void start(RecordMapper mapper, ShardFetcher fetcher, Map<String, String> more) {
    Map<String, String> config = new java.util.HashMap<>(more);
    config.put("mq.kinesis.region", "us-east-1");
    config.put("mq.kinesis.read-backoff-max", "200ms");
    ReadSettings settings = new KinesisConfig(ProviderConfig.of("kinesis", config)).read();
    DeadLetterSink none = new DeadLetterSink() {
      @Override
      public boolean isConfigured() {
        return false;
      }

      @Override
      public void send(Envelope deadLetter) {
        throw new AssertionError("no dead-letter queue");
      }
    };
    engine = new GroupEngine("q", "s", "g", new OneShard(), scheduler, OpenedStore.plain(store), settings, mapper, none,
        (shardId, start, wake) -> fetcher, Instant.now());
    engine.start();
    engine.attach();
  }

  /** Takes and settles {@code n} messages; fails after {@link #AWAIT}. */
  private List<InboundMessage> takeAndSettle(int n) throws InterruptedException {
    List<InboundMessage> got = new ArrayList<>();
    long deadline = System.nanoTime() + AWAIT.toNanos();
    while (got.size() < n) {
      if (System.nanoTime() > deadline) {
        fail("expected " + n + " messages within " + AWAIT + ", got " + got.size() + ": " + got);
      }
      Dispatcher.Taken t = engine.dispatcher().take(50, TimeUnit.MILLISECONDS, () -> false);
      if (t != null) {
        got.add(t.message());
        engine.settled(t.message());
      }
    }
    return got;
  }

  private void assertNothingMore() throws InterruptedException {
    long end = System.nanoTime() + QUIET.toNanos();
    while (System.nanoTime() < end) {
      Dispatcher.Taken t = engine.dispatcher().take(50, TimeUnit.MILLISECONDS, () -> false);
      if (t != null) {
        fail("unexpected " + t.message());
      }
    }
  }

  private Optional<Checkpoint> storedCheckpoint() {
    engine.flush();
    return Optional.ofNullable(store.load("s", "g").get(SHARD));
  }

  private void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + AWAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out waiting until " + what);
      }
      Thread.sleep(10);
    }
  }

  private static List<String> sequences(List<InboundMessage> messages) {
    return messages.stream().map(InboundMessage::sequenceNumber).toList();
  }

  @Test
  void aRecordTheMapperThrowsForIsDeliveredAsCorruptAndTheRestOfTheBatchFollows() throws Exception {
    TestMapper mapper = new TestMapper(
        (r, call) -> r.sequenceNumber().equals("3") ? new IllegalStateException("injected mapper bug") : null,
        null, null);
    start(mapper, new ScriptedFetcher(List.of(records("1", "2", "3", "4", "5"))));

    List<InboundMessage> got = takeAndSettle(5);

    assertThat(sequences(got)).containsExactly("1", "2", "3", "4", "5");
    assertThat(got.get(2).envelope().property("corrupt")).hasValueSatisfying(
        reason -> assertThat(reason).contains("injected mapper bug"));
    assertNothingMore();
    assertThat(storedCheckpoint()).contains(Checkpoint.afterRecord("5"));
  }

  @Test
  void anErrorHalfWayThroughABatchIsRetriedWithoutSkippingOrRepeatingRecords() throws Exception {
    TestMapper mapper = new TestMapper((r, call) -> null, "3", new OutOfMemoryError("injected"));
    start(mapper, new ScriptedFetcher(List.of(records("1", "2", "3", "4", "5"), records("6"))));

    List<InboundMessage> got = takeAndSettle(6);

    assertThat(sequences(got)).containsExactly("1", "2", "3", "4", "5", "6");
    assertThat(got.get(2).envelope().property("corrupt")).isEmpty();
    assertNothingMore();
    assertThat(storedCheckpoint()).contains(Checkpoint.afterRecord("6"));
  }

  @Test
  void aMalformedSequenceNumberStopsTheShardThereInsteadOfSkippingPastIt() throws Exception {
    ScriptedFetcher fetcher = new ScriptedFetcher(List.of(records("1", "x", "3"), records("4")));
    start(new TestMapper((r, call) -> null, null, null), fetcher);

    assertThat(sequences(takeAndSettle(1))).containsExactly("1");
    assertNothingMore();
    assertThat(storedCheckpoint()).as("never past the record it could not read")
        .contains(Checkpoint.afterRecord("1"));
  }

  @Test
  void theReadAheadStopsInsideAnAggregateAndGoesOnThereAfterAcknowledgements() throws Exception {
    AggregateMapper mapper = new AggregateMapper();
    Record aggregate = Record.builder().sequenceNumber("1").partitionKey("k")
        .data(SdkBytes.fromUtf8String("aggregate")).build();
    start(mapper, new ScriptedFetcher(List.of(List.of(aggregate, record("2")))),
        Map.of("mq.kinesis.read-ahead-records", "10"));

    await("10 messages are ready", () -> engine.dispatcher().readyCount() >= 10);
    Thread.sleep(QUIET.toMillis()); // a reader that went on would show it by now
    assertThat(engine.dispatcher().readyCount()).as("messages held").isEqualTo(10);
    assertThat(mapper.made.get()).as("user records made").isEqualTo(10);

    List<InboundMessage> got = takeAndSettle(AggregateMapper.USERS + 1);
    for (int i = 0; i < AggregateMapper.USERS; i++) {
      assertThat(got.get(i).sequenceNumber()).isEqualTo("1");
      assertThat(got.get(i).subSequenceNumber()).isEqualTo(i);
    }
    assertThat(got.get(AggregateMapper.USERS).sequenceNumber()).isEqualTo("2");
    assertNothingMore();
    assertThat(storedCheckpoint()).contains(Checkpoint.afterRecord("2"));
  }

  @Test
  void emptyMessagesCountTheirOverheadAgainstTheReadAheadBytes() throws Exception {
    AggregateMapper mapper = new AggregateMapper();
    Record aggregate = Record.builder().sequenceNumber("1").partitionKey("k")
        .data(SdkBytes.fromUtf8String("aggregate")).build();
    start(mapper, new ScriptedFetcher(List.of(List.of(aggregate))),
        Map.of("mq.kinesis.read-ahead-bytes", "4096"));

    await("messages are ready", () -> engine.dispatcher().readyCount() > 0);
    Thread.sleep(QUIET.toMillis());
    long each = InboundMessage.retainedBytes(Envelope.builder().messageId("1/100").build());
    assertThat((long) engine.dispatcher().readyCount()).as("empty messages held within 4096 bytes")
        .isEqualTo((4096 + each - 1) / each);
    assertThat(takeAndSettle(AggregateMapper.USERS)).hasSize(AggregateMapper.USERS);
    assertNothingMore();
  }
}
