package dev.mq.benchmarks.internal.kinesis;

import dev.mq.Envelope;
import dev.mq.benchmarks.internal.MessageFactory;
import dev.mq.kinesis.internal.codec.DecodedMessage;
import dev.mq.kinesis.internal.codec.RecordCodec;
import dev.mq.kinesis.internal.producer.RecordProducer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * The hand-written SDK code the provider is compared with: what an application would write
 * without it. Records carry exactly the bytes the provider writes ({@link RecordCodec}), with the
 * same Kinesis partition key, so both sides move the same data.
 */
public final class SdkLoops {

  /** Records per PutRecords request: the service's maximum. */
  public static final int BATCH = 500;
  /** Records per GetRecords call: the provider's default {@code max-records-per-call} (the service maximum). */
  public static final int GET_LIMIT = 10_000;
  private static final int MAX_PUT_ATTEMPTS = 20;

  private SdkLoops() {}

  /** The PutRecords entry the provider would write for {@code e}. */
  public static PutRecordsRequestEntry entry(Envelope e) {
    return PutRecordsRequestEntry.builder()
        .partitionKey(RecordProducer.kinesisPartitionKey(e))
        .data(SdkBytes.fromByteArrayUnsafe(RecordCodec.encode(e)))
        .build();
  }

  /**
   * Baseline (a): {@code threads} threads, each sending full {@value #BATCH}-record PutRecords
   * requests in a loop, taking the next batch from a shared counter; failed entries are sent
   * again (bounded). Returns when everything is written.
   */
  public static void putBatches(KinesisClient client, String stream, List<Envelope> messages,
      int threads) {
    int batches = (messages.size() + BATCH - 1) / BATCH;
    AtomicInteger next = new AtomicInteger();
    Workers.run("sdk-batch", threads, worker -> {
      for (int b = next.getAndIncrement(); b < batches; b = next.getAndIncrement()) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>(BATCH);
        for (Envelope e : messages.subList(b * BATCH, Math.min(messages.size(), (b + 1) * BATCH))) {
          entries.add(entry(e));
        }
        putFully(client, stream, entries);
      }
    });
  }

  /** Baseline (b): one PutRecord call per message, from one thread. */
  public static void putOneByOne(KinesisClient client, String stream, List<Envelope> messages) {
    for (Envelope e : messages) {
      PutRecordsRequestEntry entry = entry(e);
      client.putRecord(r -> r.streamName(stream).partitionKey(entry.partitionKey())
          .data(entry.data()));
    }
  }

  private static void putFully(KinesisClient client, String stream,
      List<PutRecordsRequestEntry> entries) {
    List<PutRecordsRequestEntry> pending = entries;
    for (int attempt = 1; !pending.isEmpty(); attempt++) {
      if (attempt > MAX_PUT_ATTEMPTS) {
        throw new IllegalStateException(pending.size() + " records not written after "
            + MAX_PUT_ATTEMPTS + " attempts");
      }
      List<PutRecordsRequestEntry> sent = pending;
      PutRecordsResponse r = client.putRecords(b -> b.streamName(stream).records(sent));
      if (r.failedRecordCount() == null || r.failedRecordCount() == 0) {
        return;
      }
      List<PutRecordsRequestEntry> failed = new ArrayList<>();
      for (int i = 0; i < sent.size(); i++) {
        if (r.records().get(i).errorCode() != null) {
          failed.add(sent.get(i));
        }
      }
      pending = failed;
      sleep(Duration.ofMillis(50L * attempt));
    }
  }

  /**
   * The baseline reader: one thread per shard, each reading from TRIM_HORIZON with GetRecords
   * ({@value #GET_LIMIT} records per call) and decoding every record, until {@code expected}
   * records were read in all, or {@code bound} passed.
   *
   * @param each called for every decoded message, from the shard threads
   * @return how many records were read
   */
  public static long readAll(KinesisClient client, String stream, long expected, Duration bound,
      Consumer<DecodedMessage> each) {
    return readAllRaw(client, stream, expected, bound,
        data -> RecordCodec.decode(data.asByteArrayUnsafe()).ifPresent(each));
  }

  /**
   * Like {@link #readAll}, handing over each record's data undecoded. A shard's thread that is
   * caught up waits 200 ms, like a polling reader, before asking again.
   */
  public static long readAllRaw(KinesisClient client, String stream, long expected, Duration bound,
      Consumer<SdkBytes> each) {
    List<Shard> shards = client.listShards(b -> b.streamName(stream)).shards();
    AtomicLong read = new AtomicLong();
    long deadline = System.nanoTime() + bound.toNanos();
    Workers.run("sdk-get", shards.size(), worker -> {
      String iterator = client.getShardIterator(b -> b.streamName(stream)
          .shardId(shards.get(worker).shardId())
          .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
      while (iterator != null && read.get() < expected && System.nanoTime() < deadline) {
        String it = iterator;
        GetRecordsResponse r = client.getRecords(b -> b.shardIterator(it).limit(GET_LIMIT));
        for (Record rec : r.records()) {
          each.accept(rec.data());
          read.incrementAndGet();
        }
        iterator = r.nextShardIterator();
        if (r.records().isEmpty()) {
          sleep(Duration.ofMillis(200));
        }
      }
    });
    return read.get();
  }

  /**
   * Reads a decoded message as a handler would (its body length), like
   * {@link dev.mq.benchmarks.internal.MessageFactory#check}.
   *
   * @throws IllegalStateException if the body is not the benchmark's size
   */
  public static void check(DecodedMessage m) {
    if (m.bodySize() != MessageFactory.BODY_SIZE) {
      throw new IllegalStateException("expected a " + MessageFactory.BODY_SIZE + "-byte body, got "
          + m.bodySize());
    }
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
