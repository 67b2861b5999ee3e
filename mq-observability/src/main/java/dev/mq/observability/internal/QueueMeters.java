package dev.mq.observability.internal;

import static dev.mq.observability.MetricNames.*;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The meters of one queue and consumer group, shared by every instrumented instance of it (a
 * gauge of one name and tags can only be registered once). Meters whose tags vary per call
 * (error type, outcome) are made on first use and kept, so a call costs a map look-up.
 */
final class QueueMeters {

  /** The semantic conventions' buckets for both durations, in seconds. */
  private static final Duration[] DURATION_BUCKETS = buckets(
      0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10);
  private static final double[] ATTEMPT_BUCKETS = {1, 2, 3, 4, 5, 10};

  private final MeterRegistry registry;
  private final Tags queueTags;
  private final Tags groupTags;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();
  private final DistributionSummary attempts;
  private final AtomicInteger inFlight = new AtomicInteger();

  QueueMeters(MeterRegistry registry, String system, String queue, String group) {
    this.registry = registry;
    this.queueTags = Tags.of(SYSTEM, system, DESTINATION, queue);
    this.groupTags = queueTags.and(CONSUMER_GROUP, group);
    this.attempts = DistributionSummary.builder(DELIVERY_ATTEMPTS)
        .description("The delivery attempt of each message delivered")
        .baseUnit("attempts")
        .tags(groupTags)
        .serviceLevelObjectives(ATTEMPT_BUCKETS)
        .register(registry);
    Gauge.builder(IN_FLIGHT_MESSAGES, inFlight, AtomicInteger::get)
        .description("Messages delivered through instrumented queues and not yet settled")
        .baseUnit("messages")
        .tags(groupTags)
        .strongReference(true)
        .register(registry);
  }

  /**
   * One send call that ended after {@code nanos}: {@code written} messages without error, and
   * {@code failed} with {@code errorType} (which is also the call's).
   */
  void sent(int written, int failed, long nanos, String errorType) {
    if (written > 0) {
      sentCounter(NO_ERROR).increment(written);
    }
    if (failed > 0) {
      sentCounter(errorType).increment(failed);
    }
    operation("send", "send", queueTags.and(CONSUMER_GROUP, ""), nanos, errorType);
  }

  private Counter sentCounter(String errorType) {
    return counter(SENT_MESSAGES, "send", errorType, queueTags.and(OPERATION_NAME, "send",
        ERROR_TYPE, errorType));
  }

  /** A receive call that took {@code nanos} and gave {@code count} messages. */
  void received(int count, long nanos, String errorType) {
    operation("receive", "receive", groupTags, nanos, errorType);
    if (count > 0) {
      consumed("receive").increment(count);
    }
  }

  /** A message delivered, by receive or to a handler: its attempt, and one more in flight. */
  void delivered(int deliveryAttempt) {
    attempts.record(deliveryAttempt);
    inFlight.incrementAndGet();
  }

  /** A handler was given a message. */
  void processing() {
    consumed("process").increment();
  }

  /** A handler ran for {@code nanos}. */
  void processed(long nanos, String errorType) {
    timer(PROCESS_DURATION, "process", errorType, groupTags.and(OPERATION_NAME, "process",
        ERROR_TYPE, errorType), "How long a subscription's handler ran on one message")
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /** An acknowledge or reject call that took {@code nanos}. */
  void settleCall(String operation, long nanos, String errorType) {
    operation(operation, "settle", groupTags, nanos, errorType);
  }

  /** A message left the in-flight count with this outcome. */
  void settled(Outcome outcome, String deadLetterQueue) {
    inFlight.decrementAndGet();
    String o = outcome.tag();
    counter(SETTLED_MESSAGES, o, "", groupTags.and(OUTCOME, o)).increment();
    if (outcome == Outcome.DEAD_LETTERED) {
      counter(DEAD_LETTERED_MESSAGES, deadLetterQueue, "",
          groupTags.and(DEAD_LETTER_QUEUE, deadLetterQueue)).increment();
    }
  }

  /** A delivered message that will not be settled through this decorator (closed instance). */
  void forgotten(int count) {
    inFlight.addAndGet(-count);
  }

  private Counter consumed(String operation) {
    return counter(CONSUMED_MESSAGES, operation, "", groupTags.and(OPERATION_NAME, operation));
  }

  private void operation(String name, String type, Tags base, long nanos, String errorType) {
    timer(OPERATION_DURATION, name, errorType, base.and(OPERATION_NAME, name, OPERATION_TYPE, type,
        ERROR_TYPE, errorType), "Duration of a call to the broker")
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  private Counter counter(String name, String key1, String key2, Tags tags) {
    String key = name + '|' + key1 + '|' + key2;
    Counter c = counters.get(key);
    return c != null ? c : counters.computeIfAbsent(key,
        k -> Counter.builder(name).baseUnit("messages").tags(tags).register(registry));
  }

  private Timer timer(String name, String operation, String errorType, Tags tags, String help) {
    String key = name + '|' + operation + '|' + errorType;
    Timer t = timers.get(key);
    return t != null ? t : timers.computeIfAbsent(key, k -> Timer.builder(name)
        .description(help)
        .tags(tags)
        .serviceLevelObjectives(DURATION_BUCKETS)
        .register(registry));
  }

  private static Duration[] buckets(double... seconds) {
    Duration[] out = new Duration[seconds.length];
    for (int i = 0; i < seconds.length; i++) {
      out[i] = Duration.ofNanos(Math.round(seconds[i] * 1e9));
    }
    return out;
  }
}
