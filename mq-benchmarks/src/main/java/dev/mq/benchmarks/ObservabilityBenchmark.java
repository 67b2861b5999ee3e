package dev.mq.benchmarks;

import dev.mq.Broker;
import dev.mq.ConfigKeys;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.MessageQueues;
import dev.mq.benchmarks.internal.InMemoryTransport;
import dev.mq.benchmarks.internal.MessageFactory;
import dev.mq.observability.Observability;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What {@code mq-observability} costs: the round trip of {@link RoundTripBenchmark} (push,
 * dequeue, acknowledge, one thread, no partition key) on the in-memory provider, instrumented
 * ({@code inmemory}) against the same provider plain ({@code baseline}), so the summary's ratio
 * is instrumented / plain. {@code telemetry=noop}: {@code Observability.builder().build()}, no
 * registry and no SDK; {@code telemetry=sdk}: a {@link SimpleMeterRegistry} and the OpenTelemetry
 * SDK with every span sampled and handed to a simple processor whose exporter drops it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
public class ObservabilityBenchmark {

  /** {@code noop}: instrumented with nothing behind it; {@code sdk}: the real SDKs. */
  @Param({"noop", "sdk"})
  public String telemetry;

  MessageFactory messages;

  /** Makes the message factory. */
  @Setup(Level.Trial)
  public void setUp() {
    messages = new MessageFactory("obs-", 0);
  }

  /** Round trip through the instrumented in-memory provider. */
  @Benchmark
  public Envelope inmemory(Instrumented queue) {
    return roundTrip(queue.queue);
  }

  /** Round trip through the plain in-memory provider. */
  @Benchmark
  public Envelope baseline(Plain queue) {
    return roundTrip(queue.queue);
  }

  private Envelope roundTrip(MessageQueue q) {
    q.push(messages.next());
    Envelope e = q.dequeue().orElseThrow(
        () -> new IllegalStateException("the message just pushed was not delivered"));
    MessageFactory.check(e);
    q.acknowledge(e);
    return e;
  }

  /** An instrumented in-memory queue per trial, with the telemetry of the parameter. */
  @State(Scope.Thread)
  public static class Instrumented {
    Broker broker;
    MessageQueue queue;
    SdkTracerProvider tracerProvider;

    /** Opens the queue. */
    @Setup(Level.Trial)
    public void open(ObservabilityBenchmark bench) {
      Observability.Builder b = Observability.builder();
      if (bench.telemetry.equals("sdk")) {
        tracerProvider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(new DroppingExporter()))
            .build();
        b.meterRegistry(new SimpleMeterRegistry())
            .openTelemetry(OpenTelemetrySdk.builder()
                .setTracerProvider(tracerProvider)
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build());
      }
      broker = b.build().instrument(connect());
      queue = broker.queue("bench-" + UUID.randomUUID());
    }

    /** Closes the queue, the broker and the SDK. */
    @TearDown(Level.Trial)
    public void close() {
      queue.close();
      broker.close();
      if (tracerProvider != null) {
        tracerProvider.close();
      }
    }
  }

  /** A plain in-memory queue per trial. */
  @State(Scope.Thread)
  public static class Plain {
    Broker broker;
    MessageQueue queue;

    /** Opens the queue. */
    @Setup(Level.Trial)
    public void open() {
      broker = connect();
      queue = broker.queue("bench-" + UUID.randomUUID());
    }

    /** Closes the queue and the broker. */
    @TearDown(Level.Trial)
    public void close() {
      queue.close();
      broker.close();
    }
  }

  private static Broker connect() {
    return MessageQueues.connect(Map.of(ConfigKeys.PROVIDER, InMemoryTransport.PROVIDER));
  }

  /** Takes every span and keeps none: the SDK's whole cost up to the export, no I/O. */
  static final class DroppingExporter implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
