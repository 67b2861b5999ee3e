package dev.mq.observability.internal;

import static dev.mq.observability.MetricNames.CONSUMED_MESSAGES;
import static dev.mq.observability.MetricNames.CONSUMER_GROUP;
import static dev.mq.observability.MetricNames.DEAD_LETTERED_MESSAGES;
import static dev.mq.observability.MetricNames.DEAD_LETTER_QUEUE;
import static dev.mq.observability.MetricNames.DELIVERY_ATTEMPTS;
import static dev.mq.observability.MetricNames.DESTINATION;
import static dev.mq.observability.MetricNames.ERROR_TYPE;
import static dev.mq.observability.MetricNames.IN_FLIGHT_MESSAGES;
import static dev.mq.observability.MetricNames.NO_ERROR;
import static dev.mq.observability.MetricNames.OPERATION_DURATION;
import static dev.mq.observability.MetricNames.OPERATION_NAME;
import static dev.mq.observability.MetricNames.OPERATION_TYPE;
import static dev.mq.observability.MetricNames.OUTCOME;
import static dev.mq.observability.MetricNames.PROCESS_DURATION;
import static dev.mq.observability.MetricNames.SENT_MESSAGES;
import static dev.mq.observability.MetricNames.SETTLED_MESSAGES;
import static dev.mq.observability.MetricNames.SYSTEM;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The meters of one queue and consumer group, shared by every instrumented instance of it (a
 * gauge of one name and tags can only be registered once). The meters of calls that succeed are
 * made once, here, so that a call costs no tag building and no look-up (the benchmark showed
 * both); those of failures, by exception class, are made on first use and kept.
 */
final class QueueMeters {

  /** The semantic conventions' buckets for both durations, in seconds. */
  private static final Duration[] DURATION_BUCKETS = buckets(
      0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10);
  private static final double[] ATTEMPT_BUCKETS = {1, 2, 3, 4, 5, 10};

  /** The operations timed, with their messaging.operation.name and .type. */
  enum Operation {
    SEND("send", "send"),
    RECEIVE("receive", "receive"),
    ACK("ack", "settle"),
    REJECT("reject", "settle");

    final String name;
    final String type;

    Operation(String name, String type) {
      this.name = name;
      this.type = type;
    }
  }

  private final MeterRegistry registry;
  private final Tags queueTags;
  private final Tags groupTags;
  private final Counter sentOk;
  private final Counter consumedReceive;
  private final Counter consumedProcess;
  private final Timer processOk;
  private final Map<Operation, Timer> operationOk = new EnumMap<>(Operation.class);
  private final Map<Outcome, Counter> settled = new EnumMap<>(Outcome.class);
  private final Counter deadLettered;
  private final DistributionSummary attempts;
  private final AtomicInteger inFlight = new AtomicInteger();
  /** Meters of failures, by name, operation and exception class. */
  private final Map<String, Object> failureMeters = new ConcurrentHashMap<>();

  QueueMeters(MeterRegistry registry, String system, String queue, String group, String deadLetterQueue) {
    this.registry = registry;
    this.queueTags = Tags.of(SYSTEM, system, DESTINATION, queue);
    this.groupTags = queueTags.and(CONSUMER_GROUP, group);
    this.sentOk = sentCounter(NO_ERROR);
    this.consumedReceive = consumed("receive");
    this.consumedProcess = consumed("process");
    this.processOk = processTimer(NO_ERROR);
    for (Operation o : Operation.values()) {
      operationOk.put(o, operationTimer(o, NO_ERROR));
    }
    for (Outcome o : Outcome.values()) {
      settled.put(o, Counter.builder(SETTLED_MESSAGES).baseUnit("messages")
          .tags(groupTags.and(OUTCOME, o.tag())).register(registry));
    }
    this.deadLettered = Counter.builder(DEAD_LETTERED_MESSAGES).baseUnit("messages")
        .tags(groupTags.and(DEAD_LETTER_QUEUE, deadLetterQueue)).register(registry);
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

  /** One send call of {@code written} messages that succeeded after {@code nanos}. */
  void sent(int written, long nanos) {
    sentOk.increment(written);
    operationOk.get(Operation.SEND).record(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * One send call that failed with {@code error} after {@code nanos}: {@code written} messages
   * were written all the same (a partial batch), {@code failed} were not.
   */
  void sendFailed(int written, int failed, long nanos, String error) {
    if (written > 0) {
      sentOk.increment(written);
    }
    ((Counter) failureMeters.computeIfAbsent(SENT_MESSAGES + '|' + error, k -> sentCounter(error)))
        .increment(failed);
    failed(Operation.SEND, nanos, error);
  }

  /** A receive call that took {@code nanos} and gave {@code count} messages. */
  void received(int count, long nanos) {
    operationOk.get(Operation.RECEIVE).record(nanos, TimeUnit.NANOSECONDS);
    if (count > 0) {
      consumedReceive.increment(count);
    }
  }

  /** A message delivered, by receive or to a handler: its attempt, and one more in flight. */
  void delivered(int deliveryAttempt) {
    attempts.record(deliveryAttempt);
    inFlight.incrementAndGet();
  }

  /** A handler was given a message. */
  void processing() {
    consumedProcess.increment();
  }

  /** A handler ran for {@code nanos}; {@code error} is what it threw, or {@code none}. */
  void processed(long nanos, String error) {
    Timer t = error.equals(NO_ERROR) ? processOk : (Timer) failureMeters.computeIfAbsent(
        PROCESS_DURATION + '|' + error, k -> processTimer(error));
    t.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** A call that succeeded after {@code nanos}. */
  void succeeded(Operation operation, long nanos) {
    operationOk.get(operation).record(nanos, TimeUnit.NANOSECONDS);
  }

  /** A call that failed with {@code error} after {@code nanos}. */
  void failed(Operation operation, long nanos, String error) {
    ((Timer) failureMeters.computeIfAbsent(OPERATION_DURATION + '|' + operation + '|' + error,
        k -> operationTimer(operation, error))).record(nanos, TimeUnit.NANOSECONDS);
  }

  /** A message left the in-flight count with this outcome. */
  void settled(Outcome outcome) {
    inFlight.decrementAndGet();
    settled.get(outcome).increment();
    if (outcome == Outcome.DEAD_LETTERED) {
      deadLettered.increment();
    }
  }

  /** Delivered messages that will not be settled through this decorator (closed instance). */
  void forgotten(int count) {
    inFlight.addAndGet(-count);
  }

  private Counter sentCounter(String error) {
    return Counter.builder(SENT_MESSAGES).baseUnit("messages")
        .tags(queueTags.and(OPERATION_NAME, "send", ERROR_TYPE, error)).register(registry);
  }

  private Counter consumed(String operation) {
    return Counter.builder(CONSUMED_MESSAGES).baseUnit("messages")
        .tags(groupTags.and(OPERATION_NAME, operation)).register(registry);
  }

  private Timer processTimer(String error) {
    return timer(PROCESS_DURATION, "How long a subscription's handler ran on one message",
        groupTags.and(OPERATION_NAME, "process", ERROR_TYPE, error));
  }

  private Timer operationTimer(Operation o, String error) {
    // send is made by no group: the tag is there (one set of keys per name) but empty
    Tags base = o == Operation.SEND ? queueTags.and(CONSUMER_GROUP, "") : groupTags;
    return timer(OPERATION_DURATION, "Duration of a call to the broker",
        base.and(OPERATION_NAME, o.name, OPERATION_TYPE, o.type, ERROR_TYPE, error));
  }

  private Timer timer(String name, String help, Tags tags) {
    return Timer.builder(name)
        .description(help)
        .tags(tags)
        .serviceLevelObjectives(DURATION_BUCKETS)
        .register(registry);
  }

  private static Duration[] buckets(double... seconds) {
    Duration[] out = new Duration[seconds.length];
    for (int i = 0; i < seconds.length; i++) {
      out[i] = Duration.ofNanos(Math.round(seconds[i] * 1e9));
    }
    return out;
  }
}
