package dev.mq.kinesis.internal.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mq.BatchPushException;
import dev.mq.Envelope;
import dev.mq.MessageTooLargeException;
import dev.mq.MessagingException;
import dev.mq.PushOutcomeUnknownException;
import dev.mq.QueueFullException;
import dev.mq.kinesis.internal.codec.DecodedMessage;
import dev.mq.kinesis.internal.config.KinesisConfig;
import dev.mq.kinesis.internal.config.ProducerSettings;
import dev.mq.kinesis.testing.KinesisEndpoint;
import dev.mq.kinesis.testing.KinesisEndpointExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

@ExtendWith(KinesisEndpointExtension.class)
class RecordProducerTest {

  private static final ProducerSettings FAST = ProducerSettings.builder()
      .linger(Duration.ofMillis(20))
      .baseBackoff(Duration.ofMillis(5))
      .maxBackoff(Duration.ofMillis(40))
      .maxRetryTime(Duration.ofSeconds(20))
      .maxAttempts(30)
      .closeTimeout(Duration.ofSeconds(5))
      .build();

  private final KinesisEndpoint endpoint;
  private KinesisClient sync;
  private KinesisAsyncClient async;
  private PutRecordsFaults faults;
  private String stream;
  private String sink;
  private final List<RecordProducer> producers = new ArrayList<>();

  RecordProducerTest(KinesisEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  @BeforeEach
  void setUp() {
    sync = endpoint.syncClient();
    stream = endpoint.createStream("producer", 1);
    sink = endpoint.createStream("producer-sink", 1);
    faults = new PutRecordsFaults(sink);
    async = endpoint.asyncClientBuilder()
        .overrideConfiguration(o -> o.addExecutionInterceptor(faults)
            .retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  @AfterEach
  void tearDown() {
    producers.forEach(RecordProducer::close);
    async.close();
    endpoint.deleteStream(stream);
    endpoint.deleteStream(sink);
    sync.close();
  }

  private RecordProducer producer(ProducerSettings settings) {
    RecordProducer p = new RecordProducer(async, settings);
    producers.add(p);
    return p;
  }

  private static Envelope keyed(String key, int n) {
    return Envelope.builder().partitionKey(key).messageId(key + "-" + n).body(key + ":" + n).build();
  }

  private static List<OutgoingRecord> records(List<Envelope> envelopes) {
    return envelopes.stream().map(OutgoingRecord::of).toList();
  }

  /** keys k0..k(keys-1), perKey messages each, interleaved k0-0, k1-0, ..., k0-1, ... */
  private static List<Envelope> interleaved(int keys, int perKey) {
    List<Envelope> out = new ArrayList<>();
    for (int n = 0; n < perKey; n++) {
      for (int k = 0; k < keys; k++) {
        out.add(keyed("k" + k, n));
      }
    }
    return out;
  }

  private List<DecodedMessage> readBack(int expected) {
    return StreamReader.readAll(sync, stream, expected);
  }

  /** Each key's message ids in the order they were written (first occurrence). */
  private static Map<String, List<String>> orderByKey(List<DecodedMessage> messages) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (DecodedMessage m : messages) {
      List<String> ids = out.computeIfAbsent(m.partitionKey().orElse(""), k -> new ArrayList<>());
      if (!ids.contains(m.messageId())) {
        ids.add(m.messageId());
      }
    }
    return out;
  }

  private static Map<String, List<String>> orderByKeyOf(List<Envelope> envelopes) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Envelope e : envelopes) {
      out.computeIfAbsent(e.partitionKey().orElse(""), k -> new ArrayList<>()).add(e.messageId());
    }
    return out;
  }

  @Test
  void putWritesOneRecordThatReadsBackExactly() {
    Envelope e = Envelope.builder().partitionKey("p").property("a", "ü").body("hello").build();
    producer(FAST).put(stream, OutgoingRecord.of(e));
    List<DecodedMessage> back = readBack(1);
    assertThat(back).singleElement().satisfies(d -> {
      assertThat(d.toEnvelopeBuilder().build()).isEqualTo(e);
    });
    assertThat(faults.requests()).isEqualTo(1);
  }

  @Test
  void concurrentPutsAreCoalescedIntoFewRequests() throws Exception {
    RecordProducer p = producer(ProducerSettings.builder().linger(Duration.ofMillis(200)).build());
    int callers = 40;
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        Envelope e = Envelope.of("m" + i);
        done.add(pool.submit(() -> {
          start.await();
          p.put(stream, OutgoingRecord.of(e));
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(readBack(callers)).hasSize(callers);
    assertThat(faults.requests()).isLessThanOrEqualTo(callers / 4);
  }

  @Test
  void putAllUsesTheFewestRequestsTheRecordLimitAllows() {
    List<Envelope> envelopes = IntStream.range(0, 1_200).mapToObj(i -> Envelope.of("m" + i)).toList();
    producer(FAST).putAll(stream, records(envelopes));
    assertThat(faults.requestKeys()).extracting(List::size).containsExactly(500, 500, 200);
    // distinct keys: the three requests may land in any order
    assertThat(readBack(1_200)).extracting(DecodedMessage::messageId)
        .containsExactlyInAnyOrderElementsOf(envelopes.stream().map(Envelope::messageId).toList());
  }

  @Test
  void putAllSplitsRequestsByBytes() {
    long limit = 64 * 1024;
    RecordProducer p = producer(ProducerSettings.builder().maxBytesPerRequest(limit)
        .maxRecordBytes((int) limit).build());
    List<OutgoingRecord> records = IntStream.range(0, 100)
        .mapToObj(i -> OutgoingRecord.of(Envelope.builder().body(new byte[3_000]).build())).toList();
    p.putAll(stream, records);
    long perRecord = records.get(0).billedSize();
    long fitting = limit / perRecord;
    int expectedRequests = (int) ((records.size() + fitting - 1) / fitting);
    assertThat(faults.requestBytes()).allSatisfy(b -> assertThat(b).isLessThanOrEqualTo(limit));
    assertThat(faults.requests()).isEqualTo(expectedRequests);
    assertThat(readBack(100)).hasSize(100);
  }

  @Test
  void partialFailuresLoseNothingAndKeepPerKeyOrder() {
    Random random = new Random(42);
    faults.plan((n, keys) -> {
      Map<Integer, String> failed = new HashMap<>();
      for (int i = 0; i < keys.size(); i++) {
        if (n <= 30 && random.nextInt(3) == 0) {
          failed.put(i, random.nextBoolean() ? "ProvisionedThroughputExceededException" : "InternalFailure");
        }
      }
      return PutRecordsFaults.Decision.entries(failed);
    });
    List<Envelope> envelopes = interleaved(10, 20);
    producer(FAST).putAll(stream, records(envelopes));
    List<DecodedMessage> back = readBack(envelopes.size());
    assertThat(back).hasSize(envelopes.size());
    assertThat(orderByKey(back)).isEqualTo(orderByKeyOf(envelopes));
    assertThat(faults.orderViolations()).isEmpty();
    assertThat(faults.requests()).isGreaterThan(20);
  }

  @Test
  void concurrentCallersUnderRandomFailuresKeepEachKeysOrder() throws Exception {
    Random random = new Random(7);
    faults.plan((n, keys) -> {
      synchronized (random) {
        if (n % 7 == 0) {
          return PutRecordsFaults.Decision.of(PutRecordsFaults.Fault.THROTTLE_REQUEST);
        }
        Map<Integer, String> failed = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
          if (random.nextInt(4) == 0) {
            failed.put(i, "InternalFailure");
          }
        }
        return PutRecordsFaults.Decision.entries(failed);
      }
    });
    RecordProducer p = producer(FAST);
    int threads = 8;
    int perThread = 15;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Envelope> all = new ArrayList<>();
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        List<Envelope> mine = new ArrayList<>();
        for (int n = 0; n < perThread; n++) {
          mine.add(keyed("t" + t, n));
        }
        all.addAll(mine);
        done.add(pool.submit(() -> {
          for (Envelope e : mine) {
            p.put(stream, OutgoingRecord.of(e));
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    List<DecodedMessage> back = readBack(all.size());
    assertThat(back).hasSize(all.size());
    assertThat(orderByKey(back)).isEqualTo(orderByKeyOf(all).entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    assertThat(faults.orderViolations()).isEmpty();
    // calls from different threads shared requests
    assertThat(faults.requestKeys()).anySatisfy(keys -> assertThat(keys.size()).isGreaterThan(1));
  }

  @Test
  void putAsyncFromOneThreadKeepsCallOrderPerKeyUnderPartialFailures() throws Exception {
    Random random = new Random(11);
    faults.plan((n, keys) -> {
      synchronized (random) {
        Map<Integer, String> failed = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
          if (n <= 40 && random.nextInt(4) == 0) {
            failed.put(i, "ProvisionedThroughputExceededException");
          }
        }
        return PutRecordsFaults.Decision.entries(failed);
      }
    });
    RecordProducer p = producer(FAST);
    List<Envelope> envelopes = interleaved(8, 25);
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    Set<String> callbackThreads = ConcurrentHashMap.newKeySet();
    for (Envelope e : envelopes) {
      futures.add(p.putAsync(stream, OutgoingRecord.of(e))
          .whenComplete((ok, error) -> callbackThreads.add(Thread.currentThread().getName())));
    }
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
    List<DecodedMessage> back = readBack(envelopes.size());
    assertThat(back).hasSize(envelopes.size());
    assertThat(orderByKey(back)).isEqualTo(orderByKeyOf(envelopes));
    assertThat(faults.orderViolations()).isEmpty();
    // one caller thread had many records in flight: requests held several keys
    assertThat(faults.requestKeys()).anySatisfy(keys -> assertThat(keys.size()).isGreaterThan(1));
    assertThat(callbackThreads).as("callbacks never run on the dispatcher (mq-kinesis-producer-<n>)")
        .noneMatch(name -> name.matches("mq-kinesis-producer-[0-9]+"));
  }

  @Test
  void putAsyncFailsLikePut() throws Exception {
    faults.plan((n, keys) -> n == 1
        ? PutRecordsFaults.Decision.of(PutRecordsFaults.Fault.WRITTEN_BUT_RESET)
        : PutRecordsFaults.Decision.of(PutRecordsFaults.Fault.THROTTLE_REQUEST));
    RecordProducer p = producer(ProducerSettings.builder().linger(Duration.ofMillis(1))
        .maxAttempts(2).baseBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(5)).build());
    CompletableFuture<Void> unknown = p.putAsync(stream, OutgoingRecord.of(keyed("a", 0)));
    assertThatThrownBy(() -> unknown.get(60, TimeUnit.SECONDS))
        .hasCauseInstanceOf(PushOutcomeUnknownException.class);
    CompletableFuture<Void> refused = p.putAsync(stream, OutgoingRecord.of(keyed("b", 0)));
    assertThatThrownBy(() -> refused.get(60, TimeUnit.SECONDS))
        .cause().isExactlyInstanceOf(MessagingException.class)
        .hasMessageContaining("was not written").hasMessageContaining("2 attempts");
    assertThatThrownBy(() -> p.putAsync(stream, OutgoingRecord.of(
        Envelope.builder().body(new byte[2 * 1024 * 1024]).build())))
        .isInstanceOf(MessageTooLargeException.class);
    p.close();
    assertThatThrownBy(() -> p.putAsync(stream, OutgoingRecord.of(keyed("c", 0))))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void everyEntryOfARequestFailingIsRetried() {
    faults.plan((n, keys) -> n <= 2
        ? PutRecordsFaults.Decision.entries(IntStream.range(0, keys.size()).boxed()
            .collect(Collectors.toMap(i -> i, i -> "InternalFailure")))
        : PutRecordsFaults.Decision.none());
    List<Envelope> envelopes = interleaved(3, 3);
    producer(FAST).putAll(stream, records(envelopes));
    assertThat(orderByKey(readBack(envelopes.size()))).isEqualTo(orderByKeyOf(envelopes));
    assertThat(faults.requests()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void wholeRequestThrottlingServerErrorsAndTransportErrorsAreRetried() {
    faults.plan((n, keys) -> {
      switch (n) {
        case 1: return PutRecordsFaults.Decision.of(PutRecordsFaults.Fault.THROTTLE_REQUEST);
        case 2: return PutRecordsFaults.Decision.of(PutRecordsFaults.Fault.SERVER_ERROR);
        case 3: return PutRecordsFaults.Decision.of(PutRecordsFaults.Fault.TRANSPORT_ERROR);
        default: return PutRecordsFaults.Decision.none();
      }
    });
    List<Envelope> envelopes = interleaved(4, 5);
    producer(FAST).putAll(stream, records(envelopes));
    List<DecodedMessage> back = readBack(envelopes.size());
    assertThat(back).hasSize(envelopes.size());
    assertThat(orderByKey(back)).isEqualTo(orderByKeyOf(envelopes));
    assertThat(faults.requests()).isGreaterThanOrEqualTo(4);
    assertThat(faults.orderViolations()).isEmpty();
  }

  @Test
  void aWrittenRecordReportedAs500IsRetriedAndOrderOfFirstWritesHolds() {
    faults.plan((n, keys) -> n == 1
        ? PutRecordsFaults.Decision.of(PutRecordsFaults.Fault.WRITTEN_BUT_500)
        : PutRecordsFaults.Decision.none());
    List<Envelope> envelopes = interleaved(3, 4);
    producer(FAST).putAll(stream, records(envelopes));
    int firstRequest = faults.requestKeys().get(0).size();
    List<DecodedMessage> back = readBack(envelopes.size() + firstRequest);
    // the first request was written and then written again: duplicates, nothing lost, no reorder
    assertThat(back).hasSize(envelopes.size() + firstRequest);
    assertThat(orderByKey(back)).isEqualTo(orderByKeyOf(envelopes));
  }

  @Test
  void exhaustedRetriesReportExactlyTheEnvelopesNotWritten() {
    faults.plan((n, keys) -> {
      Map<Integer, String> failed = new HashMap<>();
      for (int i = 0; i < keys.size(); i++) {
        if (keys.get(i).equals("bad")) {
          failed.put(i, "ProvisionedThroughputExceededException");
        }
      }
      return PutRecordsFaults.Decision.entries(failed);
    });
    RecordProducer p = producer(ProducerSettings.builder().linger(Duration.ofMillis(5))
        .maxAttempts(3).baseBackoff(Duration.ofMillis(5)).maxBackoff(Duration.ofMillis(10)).build());
    List<Envelope> envelopes = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      envelopes.add(keyed("good", i));
      envelopes.add(keyed("bad", i));
      envelopes.add(keyed("other", i));
    }
    BatchPushException e = catchThrowableOfType(BatchPushException.class,
        () -> p.putAll(stream, records(envelopes)));
    List<Envelope> bad = envelopes.stream().filter(x -> x.partitionKey().get().equals("bad")).toList();
    assertThat(e.notWritten()).containsExactlyElementsOf(bad);
    assertThat(e.attempted()).isEqualTo(envelopes.size());
    assertThat(e.failures()).allSatisfy(f -> assertThat(f.cause())
        .isInstanceOf(MessagingException.class)
        .hasMessageContaining(stream)
        .hasMessageContaining("ProvisionedThroughputExceededException")
        .hasMessageContaining("3 attempts"));
    List<DecodedMessage> back = readBack(10);
    assertThat(back).extracting(DecodedMessage::messageId).containsExactlyInAnyOrderElementsOf(
        envelopes.stream().filter(x -> !bad.contains(x)).map(Envelope::messageId).toList());
    assertThat(orderByKey(back).get("good")).containsExactly("good-0", "good-1", "good-2", "good-3", "good-4");
  }

  @Test
  void aRecordAnEarlierAttemptMayHaveWrittenIsReportedAsMaybeWritten() {
    // attempt 1 is written but its answer is lost (HTTP 500 after the write); every later
    // attempt is refused (throttled entry), so the retries run out
    faults.plan((n, keys) -> n == 1
        ? PutRecordsFaults.Decision.of(PutRecordsFaults.Fault.WRITTEN_BUT_500)
        : PutRecordsFaults.Decision.entries(Map.of(0, "ProvisionedThroughputExceededException")));
    RecordProducer p = producer(ProducerSettings.builder().linger(Duration.ofMillis(1))
        .maxAttempts(3).baseBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(5)).build());
    Envelope envelope = keyed("k", 0);
    BatchPushException e = catchThrowableOfType(BatchPushException.class,
        () -> p.putAll(stream, records(List.of(envelope))));
    assertThat(readBack(1)).extracting(DecodedMessage::messageId).containsExactly("k-0");
    assertThat(e.notWritten()).as("written by attempt 1, so not 'not written'").isEmpty();
    assertThat(e.maybeWritten()).containsExactly(envelope);
    assertThat(e.failures().get(0).cause()).isInstanceOf(PushOutcomeUnknownException.class)
        .hasMessageContaining("may or may not have been written").hasMessageContaining("3 attempts");
    assertThat(e).hasMessageContaining("0 of 1 messages were not written and 1 may or may not");
  }

  @Test
  void putOfARecordWhoseAnswerTimedOutThrowsOutcomeUnknown() {
    // the answer to attempt 1 is lost on the way back; the next attempts are refused
    faults.plan((n, keys) -> n == 1
        ? PutRecordsFaults.Decision.of(PutRecordsFaults.Fault.WRITTEN_BUT_RESET)
        : PutRecordsFaults.Decision.of(PutRecordsFaults.Fault.THROTTLE_REQUEST));
    RecordProducer p = producer(ProducerSettings.builder().linger(Duration.ofMillis(1))
        .maxAttempts(3).baseBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(5)).build());
    assertThatThrownBy(() -> p.put(stream, OutgoingRecord.of(keyed("k", 1))))
        .isInstanceOf(PushOutcomeUnknownException.class)
        .hasMessageContaining("may or may not have been written");
    assertThat(readBack(1)).extracting(DecodedMessage::messageId).containsExactly("k-1");
  }

  @Test
  void recordsRefusedOnEveryAttemptAreReportedAsNotWritten() {
    faults.plan((n, keys) -> PutRecordsFaults.Decision.of(PutRecordsFaults.Fault.THROTTLE_REQUEST));
    RecordProducer p = producer(ProducerSettings.builder().linger(Duration.ofMillis(1))
        .maxAttempts(2).baseBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(5)).build());
    Envelope envelope = keyed("k", 2);
    BatchPushException e = catchThrowableOfType(BatchPushException.class,
        () -> p.putAll(stream, records(List.of(envelope))));
    assertThat(e.notWritten()).containsExactly(envelope);
    assertThat(e.maybeWritten()).isEmpty();
    assertThat(e.failures().get(0).cause()).isNotInstanceOf(PushOutcomeUnknownException.class);
  }

  @Test
  void putThrowsWithTheCauseWhenRetriesRunOut() {
    faults.plan((n, keys) -> PutRecordsFaults.Decision.of(PutRecordsFaults.Fault.SERVER_ERROR));
    RecordProducer p = producer(ProducerSettings.builder().maxAttempts(2)
        .baseBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(5)).build());
    assertThatThrownBy(() -> p.put(stream, OutgoingRecord.of(Envelope.of("x"))))
        .isInstanceOf(MessagingException.class)
        .hasMessageContaining(stream)
        .hasMessageContaining("InternalFailure")
        .hasMessageContaining("2 attempts");
    assertThat(faults.requests()).isEqualTo(2);
  }

  @Test
  void retryTimeBoundsTheRetries() {
    faults.plan((n, keys) -> PutRecordsFaults.Decision.of(PutRecordsFaults.Fault.THROTTLE_REQUEST));
    RecordProducer p = producer(ProducerSettings.builder().maxAttempts(100)
        .maxRetryTime(Duration.ofMillis(300)).baseBackoff(Duration.ofMillis(20))
        .maxBackoff(Duration.ofMillis(100)).build());
    assertThatThrownBy(() -> p.put(stream, OutgoingRecord.of(Envelope.of("x"))))
        .isInstanceOf(MessagingException.class)
        .hasMessageContaining("maxRetryTime");
    assertThat(faults.requests()).isBetween(2, 99);
  }

  @Test
  void aMissingStreamFailsAtOnceNamingIt() {
    String missing = "no-such-stream-" + System.nanoTime();
    RecordProducer p = producer(FAST);
    assertThatThrownBy(() -> p.put(missing, OutgoingRecord.of(Envelope.of("x"))))
        .isInstanceOf(MessagingException.class)
        .hasMessageContaining(missing)
        .hasMessageContaining("ResourceNotFoundException")
        .hasMessageContaining("not retried");
    assertThat(faults.requests()).isEqualTo(1);
    List<Envelope> oneKey = IntStream.range(0, 50).mapToObj(i -> keyed("one", i)).toList();
    BatchPushException e = catchThrowableOfType(BatchPushException.class,
        () -> p.putAll(missing, records(oneKey)));
    assertThat(e.notWritten()).containsExactlyElementsOf(oneKey);
    assertThat(e.failures()).allSatisfy(f -> assertThat(f.cause()).hasMessageContaining(missing));
    // the first failure fails the records queued behind it: no request per record
    assertThat(faults.requests()).isEqualTo(2);
  }

  @Test
  void aFullBufferFailsAfterTheBoundedWait() throws Exception {
    faults.plan((n, keys) -> PutRecordsFaults.Decision.of(PutRecordsFaults.Fault.THROTTLE_REQUEST));
    RecordProducer p = producer(ProducerSettings.builder().maxBufferedRecords(1)
        .bufferFullWait(Duration.ofMillis(200)).maxRetryTime(Duration.ofSeconds(5))
        .maxAttempts(100).baseBackoff(Duration.ofMillis(50)).maxBackoff(Duration.ofMillis(100))
        .build());
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<?> first = pool.submit(() -> p.put(stream, OutgoingRecord.of(Envelope.of("held"))));
      awaitRequests(1);
      assertThatThrownBy(() -> p.put(stream, OutgoingRecord.of(Envelope.of("second"))))
          .isInstanceOf(QueueFullException.class)
          .hasMessageContaining("1 of 1 records");
      BatchPushException batch = catchThrowableOfType(BatchPushException.class,
          () -> p.putAll(stream, records(List.of(Envelope.of("a")))));
      assertThat(batch.failures()).singleElement()
          .satisfies(f -> assertThat(f.cause()).isInstanceOf(QueueFullException.class));
      faults.plan((n, keys) -> PutRecordsFaults.Decision.none());
      first.get(30, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    assertThat(readBack(1)).extracting(DecodedMessage::bodySize).containsExactly(4);
  }

  @Test
  void tooLargeRecordsAreRefusedBeforeAnythingIsWritten() {
    RecordProducer p = producer(FAST);
    OutgoingRecord big = OutgoingRecord.of(Envelope.of(new byte[KinesisConfig.DEFAULT_MAX_RECORD_BYTES]));
    MessageTooLargeException e = catchThrowableOfType(MessageTooLargeException.class,
        () -> p.put(stream, big));
    assertThat(e.limit()).isEqualTo(KinesisConfig.DEFAULT_MAX_RECORD_BYTES);
    assertThat(e.size()).isEqualTo(big.billedSize());
    assertThatThrownBy(() -> p.putAll(stream, List.of(OutgoingRecord.of(Envelope.of("ok")), big)))
        .isInstanceOf(MessageTooLargeException.class);
    assertThat(faults.requests()).isZero();
  }

  @Test
  void nullsAreRefusedAndNothingIsWritten() {
    RecordProducer p = producer(FAST);
    OutgoingRecord ok = OutgoingRecord.of(Envelope.of("ok"));
    assertThatThrownBy(() -> p.put(null, ok)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> p.put(stream, null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> p.putAll(stream, null)).isInstanceOf(NullPointerException.class);
    List<OutgoingRecord> withNull = new ArrayList<>();
    withNull.add(ok);
    withNull.add(null);
    assertThatThrownBy(() -> p.putAll(stream, withNull)).isInstanceOf(NullPointerException.class);
    assertThat(faults.requests()).isZero();
  }

  @Test
  void closeIsIdempotentAndLaterCallsFail() {
    RecordProducer p = producer(FAST);
    p.put(stream, OutgoingRecord.of(Envelope.of("before")));
    p.close();
    p.close();
    assertThatThrownBy(() -> p.put(stream, OutgoingRecord.of(Envelope.of("after"))))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> p.putAll(stream, List.of()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void closeFailsRecordsThatCannotBeWrittenWithinItsTimeout() throws Exception {
    faults.plan((n, keys) -> PutRecordsFaults.Decision.of(PutRecordsFaults.Fault.THROTTLE_REQUEST));
    RecordProducer p = producer(ProducerSettings.builder().closeTimeout(Duration.ofMillis(300))
        .maxRetryTime(Duration.ofSeconds(60)).maxAttempts(100).baseBackoff(Duration.ofMillis(20))
        .maxBackoff(Duration.ofMillis(50)).build());
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<?> stuck = pool.submit(() -> p.put(stream, OutgoingRecord.of(Envelope.of("stuck"))));
      awaitRequests(1);
      p.close();
      Throwable t = catchThrowableOfType(java.util.concurrent.ExecutionException.class,
          () -> stuck.get(30, TimeUnit.SECONDS)).getCause();
      assertThat(t).isInstanceOf(MessagingException.class).hasMessageContaining("closed");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void putAllOfEmptyListWritesNothing() {
    producer(FAST).putAll(stream, List.of());
    assertThat(faults.requests()).isZero();
  }

  @Test
  void oneKeyIsWrittenOneRecordAtATimeOtherKeysShareRequests() {
    List<Envelope> envelopes = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      envelopes.add(keyed("same", i));
    }
    for (int i = 0; i < 20; i++) {
      envelopes.add(Envelope.of("free" + i));
    }
    producer(FAST).putAll(stream, records(envelopes));
    assertThat(faults.orderViolations()).isEmpty();
    assertThat(faults.requests()).isEqualTo(5);
    assertThat(faults.requestKeys().get(0)).hasSize(21);
    assertThat(orderByKey(readBack(25)).get("same"))
        .containsExactly("same-0", "same-1", "same-2", "same-3", "same-4");
  }

  private void awaitRequests(int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (faults.requests() < n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no request was sent");
      }
      Thread.sleep(5);
    }
  }
}
