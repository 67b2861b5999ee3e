package dev.mq.observability.internal;

import dev.mq.Envelope;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;

/**
 * Carries trace context in envelope properties, under the propagator's own names (W3C:
 * {@code traceparent} and {@code tracestate}), so that any OpenTelemetry-aware reader of the
 * broker finds it where it looks. The properties travel with the message through delivery,
 * redelivery and dead-lettering (SPEC 2.7, 5.5), so every later hop sees the producer's context.
 */
final class EnvelopeCarrier {

  private static final TextMapGetter<Envelope> GETTER = new TextMapGetter<>() {
    // Deprecated in 1.68 (only the OpenTracing and Jaeger baggage propagators ask for it), but
    // a custom propagator may still rely on it, and the properties have the answer at hand.
    @SuppressWarnings("deprecation")
    @Override
    public Iterable<String> keys(Envelope e) {
      return e.properties().keySet();
    }

    @Override
    public String get(Envelope e, String key) {
      return e == null ? null : e.properties().get(key);
    }
  };

  /** Sets a property; counts the ones that do not fit (the 256-property limit, SPEC 2.9). */
  private static final class Setter implements TextMapSetter<Envelope.Builder> {
    int refused;

    @Override
    public void set(Envelope.Builder b, String key, String value) {
      try {
        b.property(key, value);
      } catch (IllegalArgumentException tooMany) {
        refused++;
      }
    }
  }

  private EnvelopeCarrier() {}

  /** The context the envelope carries, on top of the root context (empty when it carries none). */
  static Context extract(TextMapPropagator propagator, Envelope e) {
    return propagator.extract(Context.root(), e, GETTER);
  }

  /**
   * The envelope with {@code context} written into its properties, or the same envelope when
   * the propagator writes nothing. A property that would break the envelope limits is left out
   * rather than fail the push: the message matters more than its trace.
   *
   * @return the envelope to push, and whether every field fitted
   */
  static Injected inject(TextMapPropagator propagator, Context context, Envelope e) {
    Envelope.Builder b = e.toBuilder();
    Setter setter = new Setter();
    propagator.inject(context, b, setter);
    return new Injected(b.build(), setter.refused == 0);
  }

  /** An envelope with trace context, and whether all of it fitted. */
  record Injected(Envelope envelope, boolean complete) {}
}
