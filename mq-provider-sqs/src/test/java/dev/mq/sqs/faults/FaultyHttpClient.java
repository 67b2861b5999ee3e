package dev.mq.sqs.faults;

import dev.mq.Broker;
import dev.mq.sqs.testing.SqsTests;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.async.AsyncExecuteRequest;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;

/**
 * Wraps the provider's HTTP client and fails chosen attempts of chosen SQS operations as
 * throttled (HTTP 400, {@code ThrottlingException}) or as a server error (HTTP 503), without
 * sending them: the server applies nothing. (An SDK execution interceptor cannot do this: it sees
 * the HTTP request once per call, not once per attempt, so every retry would carry the fault.)
 */
public final class FaultyHttpClient implements SdkAsyncHttpClient {

  /** What an injected failure looks like. */
  public enum Kind {
    THROTTLED(400, "{\"__type\":\"com.amazonaws.sqs#ThrottlingException\",\"message\":\"Rate exceeded\"}"),
    SERVER_ERROR(503, "{\"__type\":\"com.amazonaws.sqs#ServiceUnavailable\",\"message\":\"injected\"}");

    final int status;
    final String body;

    Kind(int status, String body) {
      this.status = status;
      this.body = body;
    }
  }

  /** The faults of one operation: how many attempts are left to fail, and counts. */
  public static final class Fault {
    private final Kind kind;
    private final AtomicInteger left = new AtomicInteger();
    private final AtomicInteger injected = new AtomicInteger();
    private final AtomicInteger attempts = new AtomicInteger();

    Fault(Kind kind) {
      this.kind = kind;
    }

    /** Fails the next {@code n} attempts. */
    public Fault failNext(int n) {
      left.set(n);
      return this;
    }

    /** Attempts failed so far. */
    public int injected() {
      return injected.get();
    }

    /** Attempts so far, failed or not. */
    public int attempts() {
      return attempts.get();
    }
  }

  private final SdkAsyncHttpClient delegate;
  private final Map<String, Fault> faults = new ConcurrentHashMap<>();

  public FaultyHttpClient(SdkAsyncHttpClient delegate) {
    this.delegate = delegate;
  }

  /**
   * A broker on the test server whose HTTP client is a new faulty client, which {@code holder}
   * receives.
   */
  public static Broker connect(AtomicReference<FaultyHttpClient> holder, String... overrides) {
    return SqsTests.connect(delegate -> {
      holder.set(new FaultyHttpClient(delegate));
      return holder.get();
    }, overrides);
  }

  /** The faults of {@code operation} (e.g. {@code SendMessage}), made on first use. */
  public Fault on(String operation, Kind kind) {
    return faults.computeIfAbsent(operation, o -> new Fault(kind));
  }

  @Override
  public CompletableFuture<Void> execute(AsyncExecuteRequest request) {
    String target = request.request().firstMatchingHeader("X-Amz-Target").orElse("");
    Fault f = faults.get(target.substring(target.indexOf('.') + 1));
    if (f == null) {
      return delegate.execute(request);
    }
    f.attempts.incrementAndGet();
    if (f.left.getAndUpdate(n -> Math.max(0, n - 1)) <= 0) {
      return delegate.execute(request);
    }
    f.injected.incrementAndGet();
    byte[] body = f.kind.body.getBytes(StandardCharsets.UTF_8);
    request.responseHandler().onHeaders(SdkHttpResponse.builder().statusCode(f.kind.status)
        .putHeader("Content-Type", "application/x-amz-json-1.0")
        .putHeader("Content-Length", Integer.toString(body.length))
        .build());
    request.responseHandler().onStream(AsyncRequestBody.fromBytes(body));
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public String clientName() {
    return "faulty-" + delegate.clientName();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
