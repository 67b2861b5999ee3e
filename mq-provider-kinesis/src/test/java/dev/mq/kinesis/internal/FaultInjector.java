package dev.mq.kinesis.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.kinesis.model.GetRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorResponse;

/**
 * Fails chosen requests before they are sent, and remembers which shard each iterator belongs
 * to, so that a test can fail GetRecords of one shard only.
 */
final class FaultInjector implements ExecutionInterceptor {

  private final Map<String, String> shardOfIterator = new ConcurrentHashMap<>();
  private final AtomicInteger injected = new AtomicInteger();
  private final AtomicInteger shardIteratorCalls = new AtomicInteger();
  private volatile Predicate<Call> when = c -> false;
  private volatile Function<Call, RuntimeException> failure;

  /** A request about to be sent; {@code shardId} is known for GetRecords and GetShardIterator. */
  record Call(SdkRequest request, String shardId) {}

  /** From now on, fail the calls that {@code when} picks with {@code failure}. */
  void failWhen(Predicate<Call> when, Function<Call, RuntimeException> failure) {
    this.failure = failure;
    this.when = when;
  }

  void stop() {
    when = c -> false;
  }

  int injected() {
    return injected.get();
  }

  int shardIteratorCalls() {
    return shardIteratorCalls.get();
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    SdkRequest r = context.request();
    String shard = null;
    if (r instanceof GetRecordsRequest g) {
      shard = shardOfIterator.get(g.shardIterator());
    } else if (r instanceof GetShardIteratorRequest g) {
      shard = g.shardId();
      shardIteratorCalls.incrementAndGet();
    }
    Call call = new Call(r, shard);
    if (when.test(call)) {
      injected.incrementAndGet();
      throw failure.apply(call);
    }
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    if (context.request() instanceof GetShardIteratorRequest g
        && context.response() instanceof GetShardIteratorResponse r && r.shardIterator() != null) {
      shardOfIterator.put(r.shardIterator(), g.shardId());
    } else if (context.request() instanceof GetRecordsRequest g
        && context.response() instanceof GetRecordsResponse r && r.nextShardIterator() != null) {
      String shard = shardOfIterator.remove(g.shardIterator());
      if (shard != null) {
        shardOfIterator.put(r.nextShardIterator(), shard);
      }
    }
  }
}
