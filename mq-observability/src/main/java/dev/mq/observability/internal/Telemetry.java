package dev.mq.observability.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.time.Duration;

/**
 * What an {@link dev.mq.observability.Observability} was built with, shared by the brokers it
 * instruments.
 *
 * @param registry where meters go
 * @param tracing false when the tracer provider is OpenTelemetry's no-op one: then no span is
 *     even begun
 * @param tracer makes the spans
 * @param propagator carries trace context in envelope properties
 * @param lagThreshold lag over which the health check fails
 * @param readingsInterval how often the provider's readings are taken
 */
public record Telemetry(MeterRegistry registry, boolean tracing, Tracer tracer, TextMapPropagator propagator,
    Duration lagThreshold, Duration readingsInterval) {

  /**
   * From the builder's values.
   *
   * @param registry where the meters are registered
   * @param openTelemetry gives the tracer and the propagator
   * @param scope the instrumentation scope name of the tracer
   * @param lagThreshold lag over which the health check fails
   * @param readingsInterval how often the provider's readings are taken
   */
  public Telemetry(MeterRegistry registry, OpenTelemetry openTelemetry, String scope,
      Duration lagThreshold, Duration readingsInterval) {
    this(registry, openTelemetry.getTracerProvider() != TracerProvider.noop(),
        openTelemetry.getTracer(scope),
        openTelemetry.getPropagators().getTextMapPropagator(), lagThreshold, readingsInterval);
  }
}
