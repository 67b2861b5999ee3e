package dev.mq.benchmarks.internal.kinesis;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.PutRecordRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * Enforces Kinesis's per-shard write limits on one stream, in the client, the way the service
 * does: each shard takes at most {@value #RECORDS_PER_SECOND} records and
 * {@value #BYTES_PER_SECOND} bytes (data plus partition key) a second (token buckets, see
 * {@link TokenBucket}). A PutRecords entry over its shard's limit is not written and is answered
 * with {@code ProvisionedThroughputExceededException} at its position, while the other entries
 * are written; a PutRecord over the limit fails as a whole with that exception. The emulators
 * never throttle, so this is how the benchmark meets the real limits.
 *
 * <p>Entries are dropped from the request before it is sent; when every entry of a request is
 * over the limit, one placeholder record goes to a separate sink stream instead (PutRecords
 * cannot be empty), and the answer reports every entry failed.
 */
public final class ShardLimiter implements ExecutionInterceptor {

  /** Records per second one shard accepts. */
  public static final int RECORDS_PER_SECOND = 1000;
  /** Bytes per second one shard accepts (1 MiB). */
  public static final int BYTES_PER_SECOND = 1 << 20;
  private static final String THROTTLED = "ProvisionedThroughputExceededException";
  private static final ExecutionAttribute<boolean[]> REJECTED =
      new ExecutionAttribute<>("bench.shard-limit.rejected");

  /** One shard's hash key range and buckets. */
  private record Limited(String shardId, BigInteger start, BigInteger end, TokenBucket records,
      TokenBucket bytes) {}

  private final String stream;
  private final String sinkStream;
  private final List<Limited> shards;
  private final AtomicLong admitted = new AtomicLong();
  private final AtomicLong throttled = new AtomicLong();

  /**
   * @param stream the stream whose writes are limited (others pass untouched)
   * @param shards its open shards (from ListShards)
   * @param sinkStream another existing stream that takes a placeholder when a whole request is
   *     throttled
   */
  public ShardLimiter(String stream, List<Shard> shards, String sinkStream) {
    this(stream, shards, sinkStream, System::nanoTime);
  }

  /** As above, with the buckets' clock (tests pass their own). */
  ShardLimiter(String stream, List<Shard> shards, String sinkStream, LongSupplier clock) {
    this.stream = stream;
    this.sinkStream = sinkStream;
    List<Limited> list = new ArrayList<>();
    for (Shard s : shards) {
      list.add(new Limited(s.shardId(), new BigInteger(s.hashKeyRange().startingHashKey()),
          new BigInteger(s.hashKeyRange().endingHashKey()),
          new TokenBucket(RECORDS_PER_SECOND, clock),
          new TokenBucket(BYTES_PER_SECOND, clock)));
    }
    this.shards = List.copyOf(list);
  }

  /** Entries written so far. */
  public long admitted() {
    return admitted.get();
  }

  /** Entries (and PutRecord calls) answered with ProvisionedThroughputExceeded so far. */
  public long throttled() {
    return throttled.get();
  }

  @Override
  public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
    SdkRequest request = context.request();
    if (request instanceof PutRecordRequest single && stream.equals(single.streamName())) {
      if (!admit(single.partitionKey(), single.explicitHashKey(), single.data())) {
        throttled.incrementAndGet();
        throw ProvisionedThroughputExceededException.builder().statusCode(400)
            .message("Rate exceeded for stream " + stream)
            .awsErrorDetails(AwsErrorDetails.builder().errorCode(THROTTLED)
                .errorMessage("Rate exceeded for stream " + stream).build())
            .build();
      }
      admitted.incrementAndGet();
      return request;
    }
    if (!(request instanceof PutRecordsRequest batch) || !stream.equals(batch.streamName())) {
      return request;
    }
    List<PutRecordsRequestEntry> entries = batch.records();
    boolean[] rejected = new boolean[entries.size()];
    List<PutRecordsRequestEntry> kept = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      PutRecordsRequestEntry e = entries.get(i);
      if (admit(e.partitionKey(), e.explicitHashKey(), e.data())) {
        kept.add(e);
      } else {
        rejected[i] = true;
      }
    }
    admitted.addAndGet(kept.size());
    throttled.addAndGet(entries.size() - kept.size());
    if (kept.size() == entries.size()) {
      return request;
    }
    attributes.putAttribute(REJECTED, rejected);
    if (kept.isEmpty()) {
      return batch.toBuilder().streamName(sinkStream).records(PutRecordsRequestEntry.builder()
          .partitionKey("placeholder").data(SdkBytes.fromUtf8String("x")).build()).build();
    }
    return batch.toBuilder().records(kept).build();
  }

  @Override
  public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
    boolean[] rejected = attributes.getAttribute(REJECTED);
    if (rejected == null || !(context.response() instanceof PutRecordsResponse real)) {
      return context.response();
    }
    List<PutRecordsResultEntry> results = new ArrayList<>(rejected.length);
    int next = 0;
    int failed = 0;
    for (boolean r : rejected) {
      if (r) {
        results.add(PutRecordsResultEntry.builder().errorCode(THROTTLED)
            .errorMessage("Rate exceeded for shard in stream " + stream).build());
        failed++;
      } else {
        PutRecordsResultEntry e = real.records().get(next++);
        if (e.errorCode() != null) {
          failed++;
        }
        results.add(e);
      }
    }
    // when every entry was rejected, the placeholder's own result is left out
    return real.toBuilder().records(results).failedRecordCount(failed).build();
  }

  /** Takes one record's tokens from its shard's buckets, or none if either is short. */
  private boolean admit(String partitionKey, String explicitHashKey, SdkBytes data) {
    BigInteger hash = explicitHashKey != null ? new BigInteger(explicitHashKey) : md5(partitionKey);
    Limited shard = shardOf(hash);
    long bytes = data.asByteArrayUnsafe().length
        + (long) partitionKey.getBytes(StandardCharsets.UTF_8).length;
    synchronized (shard) {
      if (!shard.records().has(1) || !shard.bytes().has(bytes)) {
        return false;
      }
      shard.records().tryTake(1);
      shard.bytes().tryTake(bytes);
      return true;
    }
  }

  private Limited shardOf(BigInteger hash) {
    for (Limited s : shards) {
      if (hash.compareTo(s.start()) >= 0 && hash.compareTo(s.end()) <= 0) {
        return s;
      }
    }
    throw new IllegalStateException("no open shard of " + stream + " covers hash key " + hash);
  }

  /** The partition key's MD5 as an unsigned 128-bit number, as Kinesis maps keys to shards. */
  static BigInteger md5(String partitionKey) {
    try {
      MessageDigest md = MessageDigest.getInstance("MD5");
      return new BigInteger(1, md.digest(partitionKey.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is missing from this JVM", e);
    }
  }
}
