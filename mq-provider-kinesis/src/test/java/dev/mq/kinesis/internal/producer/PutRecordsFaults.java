package dev.mq.kinesis.internal.producer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * Injects PutRecords failures into a real client, faithfully: entries reported as failed are
 * removed from the request before it is sent (so they are not written), and the response is
 * rewritten to report them failed at their positions. Whole-request faults are thrown before
 * sending. {@link Fault#WRITTEN_BUT_500} instead lets the request through and replaces the
 * answer with an HTTP 500 error (written, but reported as failed), and
 * {@link Fault#WRITTEN_BUT_RESET} with a connection reset (written, answer lost). Also counts requests and checks that no
 * request holds a key twice and that no key is in two requests at once.
 */
final class PutRecordsFaults implements ExecutionInterceptor {

  /** What to do with one request. */
  enum Fault { NONE, ENTRIES, THROTTLE_REQUEST, SERVER_ERROR, TRANSPORT_ERROR, WRITTEN_BUT_500,
    WRITTEN_BUT_RESET }

  /** The decision for one request: the fault and, for ENTRIES, index to error code. */
  record Decision(Fault fault, Map<Integer, String> failedEntries) {
    static Decision none() {
      return new Decision(Fault.NONE, Map.of());
    }

    static Decision of(Fault fault) {
      return new Decision(fault, Map.of());
    }

    static Decision entries(Map<Integer, String> failed) {
      return new Decision(failed.isEmpty() ? Fault.NONE : Fault.ENTRIES, new TreeMap<>(failed));
    }
  }

  private static final ExecutionAttribute<Decision> DECISION = new ExecutionAttribute<>("mq.fault");
  private static final ExecutionAttribute<List<String>> KEYS = new ExecutionAttribute<>("mq.keys");

  private final String sinkStream;
  private volatile BiFunction<Integer, List<String>, Decision> plan = (n, keys) -> Decision.none();
  private final AtomicInteger requests = new AtomicInteger();
  private final List<List<String>> requestKeys = Collections.synchronizedList(new ArrayList<>());
  private final List<Long> requestBytes = Collections.synchronizedList(new ArrayList<>());
  private final Set<String> inFlightKeys = ConcurrentHashMap.newKeySet();
  private final List<String> orderViolations = Collections.synchronizedList(new ArrayList<>());

  /**
   * @param sinkStream an existing stream that receives a placeholder entry when every entry of
   *     a request is to fail (PutRecords cannot be sent empty)
   */
  PutRecordsFaults(String sinkStream) {
    this.sinkStream = sinkStream;
  }

  /** Decides per request: (1-based request number, its partition keys) to a decision. */
  void plan(BiFunction<Integer, List<String>, Decision> plan) {
    this.plan = plan;
  }

  int requests() {
    return requests.get();
  }

  List<List<String>> requestKeys() {
    synchronized (requestKeys) {
      return List.copyOf(requestKeys);
    }
  }

  List<Long> requestBytes() {
    synchronized (requestBytes) {
      return List.copyOf(requestBytes);
    }
  }

  /** Requests that held a key twice, or a key already in flight; empty when order was kept. */
  List<String> orderViolations() {
    synchronized (orderViolations) {
      return List.copyOf(orderViolations);
    }
  }

  @Override
  public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
    if (!(context.request() instanceof PutRecordsRequest)) {
      return context.request();
    }
    PutRecordsRequest request = (PutRecordsRequest) context.request();
    int number = requests.incrementAndGet();
    List<String> keys = request.records().stream().map(PutRecordsRequestEntry::partitionKey).toList();
    requestKeys.add(keys);
    requestBytes.add(request.records().stream()
        .mapToLong(e -> e.data().asByteArrayUnsafe().length + e.partitionKey().length()).sum());
    if (new HashSet<>(keys).size() != keys.size()) {
      orderViolations.add("request " + number + " holds a key twice: " + keys);
    }
    for (String k : keys) {
      if (!inFlightKeys.add(k)) {
        orderViolations.add("request " + number + " sends key " + k + " while it is in flight");
      }
    }
    attributes.putAttribute(KEYS, keys);
    Decision d = plan.apply(number, keys);
    attributes.putAttribute(DECISION, d);
    if (d.fault() == Fault.THROTTLE_REQUEST || d.fault() == Fault.SERVER_ERROR
        || d.fault() == Fault.TRANSPORT_ERROR) {
      // nothing is sent, and the SDK does not report a failure here to onExecutionFailure
      release(attributes);
    }
    switch (d.fault()) {
      case THROTTLE_REQUEST:
        throw ProvisionedThroughputExceededException.builder()
            .statusCode(400)
            .message("Rate exceeded for stream (injected)")
            .awsErrorDetails(AwsErrorDetails.builder()
                .errorCode("ProvisionedThroughputExceededException")
                .errorMessage("Rate exceeded for stream (injected)").build())
            .build();
      case SERVER_ERROR:
        throw KinesisException.builder()
            .statusCode(500)
            .message("internal failure (injected)")
            .awsErrorDetails(AwsErrorDetails.builder().errorCode("InternalFailure")
                .errorMessage("internal failure (injected)").build())
            .build();
      case TRANSPORT_ERROR:
        throw SdkClientException.create("connection reset (injected)");
      case ENTRIES:
        List<PutRecordsRequestEntry> kept = new ArrayList<>();
        for (int i = 0; i < request.records().size(); i++) {
          if (!d.failedEntries().containsKey(i)) {
            kept.add(request.records().get(i));
          }
        }
        if (kept.isEmpty()) {
          return request.toBuilder().streamName(sinkStream)
              .records(PutRecordsRequestEntry.builder().partitionKey("placeholder")
                  .data(software.amazon.awssdk.core.SdkBytes.fromUtf8String("x")).build())
              .build();
        }
        return request.toBuilder().records(kept).build();
      default:
        return request;
    }
  }

  @Override
  public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
    Decision d = attributes.getAttribute(DECISION);
    if (d != null && d.fault() == Fault.WRITTEN_BUT_500) {
      throw KinesisException.builder()
          .statusCode(500)
          .message("internal failure after the write (injected)")
          .awsErrorDetails(AwsErrorDetails.builder().errorCode("InternalFailure")
              .errorMessage("internal failure after the write (injected)").build())
          .build();
    }
    if (d != null && d.fault() == Fault.WRITTEN_BUT_RESET) {
      throw SdkClientException.create("connection reset after the write (injected)");
    }
    if (d == null || d.fault() != Fault.ENTRIES || !(context.response() instanceof PutRecordsResponse)) {
      return context.response();
    }
    PutRecordsResponse real = (PutRecordsResponse) context.response();
    int total = attributes.getAttribute(KEYS).size();
    List<PutRecordsResultEntry> results = new ArrayList<>(total);
    int next = 0;
    for (int i = 0; i < total; i++) {
      String code = d.failedEntries().get(i);
      if (code != null) {
        results.add(PutRecordsResultEntry.builder().errorCode(code)
            .errorMessage(code + " (injected)").build());
      } else {
        results.add(real.records().get(next++));
      }
    }
    return real.toBuilder().records(results).failedRecordCount(d.failedEntries().size()).build();
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    release(attributes);
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    release(attributes);
  }

  private void release(ExecutionAttributes attributes) {
    List<String> keys = attributes.getAttribute(KEYS);
    if (keys != null) {
      keys.forEach(inFlightKeys::remove);
    }
  }
}
