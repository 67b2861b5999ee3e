package dev.mq.kinesis.faults;

import java.net.SocketException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * Broker errors at a configurable rate, injected into the provider's own Kinesis clients as an
 * SDK {@link ExecutionInterceptor}. Each call of GetRecords, GetShardIterator, ListShards and
 * PutRecords draws a fault with probability {@code rate}: the one injected least so far among
 * those that apply to the call, so that every kind is met:
 * <ul>
 *   <li>{@link Fault#THROTTLED}: {@code ProvisionedThroughputExceededException} (HTTP 400), not sent;
 *   <li>{@link Fault#SERVER_ERROR}: HTTP 500 {@code InternalFailure}, not sent;
 *   <li>{@link Fault#CONNECTION_RESET}: an {@code SdkClientException} caused by a
 *       {@code SocketException: Connection reset}, not sent;
 *   <li>{@link Fault#TIMEOUT_BEFORE}: {@code ApiCallAttemptTimeoutException}, not sent;
 *   <li>{@link Fault#TIMEOUT_AFTER}: sent and applied by the broker, but the answer is replaced by
 *       {@code ApiCallAttemptTimeoutException} (the reply was lost: a PutRecords was written);
 *   <li>{@link Fault#EXPIRED_ITERATOR}: GetRecords only, {@code ExpiredIteratorException};
 *   <li>{@link Fault#PARTIAL_PUT}: PutRecords of two or more entries only: a random subset
 *       (never all) is removed before sending and reported failed at its position with
 *       {@code ProvisionedThroughputExceededException} or {@code InternalFailure}, as Kinesis does.
 * </ul>
 * Faults are thrown per execution (before the SDK's own retries), so the provider's retry and
 * back-off code meets every one of them.
 */
final class ChaosInterceptor implements ExecutionInterceptor {

  /** The kinds of fault. */
  enum Fault { THROTTLED, SERVER_ERROR, CONNECTION_RESET, TIMEOUT_BEFORE, TIMEOUT_AFTER, EXPIRED_ITERATOR, PARTIAL_PUT }

  private static final ExecutionAttribute<Fault> FAULT = new ExecutionAttribute<>("mq.chaos.fault");
  private static final ExecutionAttribute<boolean[]> FAILED_ENTRIES = new ExecutionAttribute<>("mq.chaos.failed");

  private final SplittableRandom seed;
  private volatile double rate;
  private final Map<Fault, AtomicInteger> injected = new EnumMap<>(Fault.class);
  private final AtomicInteger failedEntries = new AtomicInteger();
  private final AtomicInteger calls = new AtomicInteger();

  ChaosInterceptor(double rate, long seed) {
    this.rate = rate;
    this.seed = new SplittableRandom(seed);
    for (Fault f : Fault.values()) {
      injected.put(f, new AtomicInteger());
    }
  }

  /** Changes the rate; 0 stops injecting. */
  void rate(double rate) {
    this.rate = rate;
  }

  /** How many of each fault were injected. */
  Map<Fault, Integer> injected() {
    Map<Fault, Integer> out = new EnumMap<>(Fault.class);
    injected.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  int totalInjected() {
    return injected.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  /** PutRecords entries reported failed. */
  int failedEntries() {
    return failedEntries.get();
  }

  int calls() {
    return calls.get();
  }

  @Override
  public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
    SdkRequest r = context.request();
    boolean put = r instanceof PutRecordsRequest;
    boolean read = r instanceof GetRecordsRequest;
    if (!put && !read && !(r instanceof GetShardIteratorRequest) && !(r instanceof ListShardsRequest)) {
      return r;
    }
    calls.incrementAndGet();
    Fault fault = draw(r);
    if (fault == null) {
      return r;
    }
    injected.get(fault).incrementAndGet();
    attributes.putAttribute(FAULT, fault);
    switch (fault) {
      case THROTTLED:
        throw ProvisionedThroughputExceededException.builder().statusCode(400)
            .message("Rate exceeded (injected)")
            .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException")
                .errorMessage("Rate exceeded (injected)").build())
            .build();
      case SERVER_ERROR:
        throw KinesisException.builder().statusCode(500).message("internal failure (injected)")
            .awsErrorDetails(AwsErrorDetails.builder().errorCode("InternalFailure")
                .errorMessage("internal failure (injected)").build())
            .build();
      case CONNECTION_RESET:
        throw SdkClientException.create("Unable to execute HTTP request: Connection reset (injected)",
            new SocketException("Connection reset"));
      case TIMEOUT_BEFORE:
        throw ApiCallAttemptTimeoutException.create(1);
      case EXPIRED_ITERATOR:
        throw ExpiredIteratorException.builder().statusCode(400).message("Iterator expired (injected)")
            .awsErrorDetails(AwsErrorDetails.builder().errorCode("ExpiredIteratorException")
                .errorMessage("Iterator expired (injected)").build())
            .build();
      case PARTIAL_PUT:
        return dropEntries((PutRecordsRequest) r, attributes);
      default:
        return r; // TIMEOUT_AFTER: sent, the answer is lost in modifyResponse
    }
  }

  @Override
  public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
    Fault fault = attributes.getAttribute(FAULT);
    if (fault == Fault.TIMEOUT_AFTER) {
      throw ApiCallAttemptTimeoutException.create(1);
    }
    if (fault == Fault.PARTIAL_PUT && context.response() instanceof PutRecordsResponse real) {
      boolean[] failed = attributes.getAttribute(FAILED_ENTRIES);
      List<PutRecordsResultEntry> results = new ArrayList<>(failed.length);
      int next = 0;
      int failedCount = 0;
      for (boolean f : failed) {
        if (f) {
          failedCount++;
          String code = failedCount % 2 == 0 ? "InternalFailure" : "ProvisionedThroughputExceededException";
          results.add(PutRecordsResultEntry.builder().errorCode(code).errorMessage(code + " (injected)").build());
        } else {
          results.add(real.records().get(next++));
        }
      }
      return real.toBuilder().records(results).failedRecordCount(failedCount).build();
    }
    return context.response();
  }

  private PutRecordsRequest dropEntries(PutRecordsRequest request, ExecutionAttributes attributes) {
    int n = request.records().size();
    boolean[] failed = new boolean[n];
    List<PutRecordsRequestEntry> kept = new ArrayList<>();
    int keep;
    synchronized (seed) {
      keep = seed.nextInt(n); // this entry is always kept: a request cannot be sent empty
      for (int i = 0; i < n; i++) {
        failed[i] = i != keep && seed.nextBoolean();
      }
    }
    for (int i = 0; i < n; i++) {
      if (failed[i]) {
        failedEntries.incrementAndGet();
      } else {
        kept.add(request.records().get(i));
      }
    }
    attributes.putAttribute(FAILED_ENTRIES, failed);
    return request.toBuilder().records(kept).build();
  }

  private Fault draw(SdkRequest r) {
    double p;
    double pick;
    synchronized (seed) {
      p = seed.nextDouble();
      pick = seed.nextDouble();
    }
    if (p >= rate) {
      return null;
    }
    List<Fault> applicable = new ArrayList<>(List.of(Fault.THROTTLED, Fault.SERVER_ERROR,
        Fault.CONNECTION_RESET, Fault.TIMEOUT_BEFORE));
    if (r instanceof GetRecordsRequest) {
      applicable.add(Fault.EXPIRED_ITERATOR);
      applicable.add(Fault.TIMEOUT_AFTER); // records read and lost: the reader must read them again
    } else if (r instanceof PutRecordsRequest put) {
      applicable.add(Fault.TIMEOUT_AFTER);
      if (put.records().size() >= 2) {
        applicable.add(Fault.PARTIAL_PUT);
      }
    }
    // the least injected applicable fault (ties at random), so every kind is met, also in short runs
    int fewest = applicable.stream().mapToInt(f -> injected.get(f).get()).min().orElseThrow();
    List<Fault> least = applicable.stream().filter(f -> injected.get(f).get() == fewest).toList();
    return least.get((int) (pick * least.size()));
  }
}
