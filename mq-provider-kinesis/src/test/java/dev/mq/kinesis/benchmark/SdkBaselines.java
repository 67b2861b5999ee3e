package dev.mq.kinesis.benchmark;

import dev.mq.Envelope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StartingPosition;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponseHandler;

/**
 * The hand-written AWS SDK code the provider is compared with: what an application would write
 * without it. A record's data is the message body alone and its partition key the message id
 * (the provider's key for a message without a partition key); the provider writes its envelope
 * format around the same body, so its records are larger.
 */
final class SdkBaselines {

  /** Records per PutRecords request: the service's maximum. */
  static final int BATCH = 500;
  /** Records per GetRecords call: the service maximum, and the provider's default. */
  static final int GET_LIMIT = 10_000;
  /** A caught-up reader's wait before it asks again, as the provider's poll interval. */
  static final Duration POLL = Duration.ofMillis(200);
  private static final int MAX_PUT_ATTEMPTS = 20;

  private SdkBaselines() {}

  /** One PutRecord call per message, from one thread. */
  static void putOneByOne(KinesisClient client, String stream, List<Envelope> messages) {
    for (Envelope e : messages) {
      client.putRecord(r -> r.streamName(stream).partitionKey(e.messageId())
          .data(SdkBytes.fromByteArrayUnsafe(e.body())));
    }
  }

  /**
   * {@code threads} threads, each sending full {@value #BATCH}-record PutRecords requests in a
   * loop, taking the next batch from a shared counter; failed entries are sent again (bounded).
   */
  static void putBatches(KinesisClient client, String stream, List<Envelope> messages, int threads) {
    int batches = (messages.size() + BATCH - 1) / BATCH;
    AtomicInteger next = new AtomicInteger();
    Workers.run("sdk-batch", threads, w -> {
      for (int b = next.getAndIncrement(); b < batches; b = next.getAndIncrement()) {
        List<PutRecordsRequestEntry> pending = new ArrayList<>(BATCH);
        for (Envelope e : messages.subList(b * BATCH, Math.min(messages.size(), (b + 1) * BATCH))) {
          pending.add(PutRecordsRequestEntry.builder().partitionKey(e.messageId())
              .data(SdkBytes.fromByteArrayUnsafe(e.body())).build());
        }
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
          if (attempt > MAX_PUT_ATTEMPTS) {
            throw new IllegalStateException(pending.size() + " records not written");
          }
          List<PutRecordsRequestEntry> sent = pending;
          PutRecordsResponse r = client.putRecords(x -> x.streamName(stream).records(sent));
          pending = new ArrayList<>();
          for (int i = 0; i < sent.size(); i++) {
            if (r.records().get(i).errorCode() != null) {
              pending.add(sent.get(i));
            }
          }
          if (!pending.isEmpty()) {
            Workers.sleep(Duration.ofMillis(50L * attempt));
          }
        }
      }
    });
  }

  /**
   * One thread per shard, each reading from TRIM_HORIZON with GetRecords ({@value #GET_LIMIT}
   * records per call, waiting {@link #POLL} when caught up) and handing every record's data to
   * {@code each}, until {@code stop} says so.
   */
  static void readAll(KinesisClient client, String stream, AtomicBoolean stop, Consumer<byte[]> each) {
    List<Shard> shards = client.listShards(b -> b.streamName(stream)).shards();
    Workers.run("sdk-get", shards.size(), w -> {
      String iterator = client.getShardIterator(b -> b.streamName(stream)
          .shardId(shards.get(w).shardId()).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
          .shardIterator();
      while (iterator != null && !stop.get()) {
        String it = iterator;
        GetRecordsResponse r = client.getRecords(b -> b.shardIterator(it).limit(GET_LIMIT));
        for (Record rec : r.records()) {
          each.accept(rec.data().asByteArrayUnsafe());
        }
        iterator = r.nextShardIterator();
        if (r.records().isEmpty()) {
          Workers.sleep(POLL);
        }
      }
    });
  }

  /**
   * Reads until {@code expected} records were read or {@code bound} passed; returns how many.
   */
  static long readCount(KinesisClient client, String stream, long expected, Duration bound) {
    AtomicLong read = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    long deadline = System.nanoTime() + bound.toNanos();
    readAll(client, stream, stop, data -> {
      BenchServer.check(data);
      if (read.incrementAndGet() >= expected || System.nanoTime() > deadline) {
        stop.set(true);
      }
    });
    return read.get();
  }

  /**
   * Enhanced fan-out by hand: subscribes to {@code shard} from TRIM_HORIZON with the SDK's own
   * subscriber (which asks for every event at once) and subscribes again from the last
   * continuation whenever a subscription ends, until {@code stop} says so.
   */
  static void subscribeLoop(KinesisAsyncClient async, String consumerArn, String shard,
      AtomicBoolean stop, Consumer<byte[]> each) {
    AtomicReference<String> continuation = new AtomicReference<>();
    while (!stop.get()) {
      String after = continuation.get();
      StartingPosition from = after == null
          ? StartingPosition.builder().type(ShardIteratorType.TRIM_HORIZON).build()
          : StartingPosition.builder().type(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
              .sequenceNumber(after).build();
      SubscribeToShardResponseHandler handler = SubscribeToShardResponseHandler.builder()
          .subscriber(SubscribeToShardResponseHandler.Visitor.builder().onSubscribeToShardEvent(e -> {
            e.records().forEach(rec -> each.accept(rec.data().asByteArrayUnsafe()));
            if (e.continuationSequenceNumber() != null) {
              continuation.set(e.continuationSequenceNumber());
            }
          }).build())
          .build();
      CompletableFuture<Void> call = async.subscribeToShard(b -> b.consumerARN(consumerArn)
          .shardId(shard).startingPosition(from), handler);
      while (!stop.get() && !call.isDone()) {
        Workers.sleep(Duration.ofMillis(20));
      }
      call.cancel(true);
      if (call.isCompletedExceptionally() && !stop.get()) {
        Workers.sleep(POLL); // e.g. ResourceInUse right after a renewal
      }
    }
  }
}
