package dev.mq.observability;

/**
 * The names of the metrics and of their tags. The {@code messaging.*} names follow the
 * OpenTelemetry messaging semantic conventions; the {@code mq.*} ones are this library's own.
 * Every meter of one name has the same tag keys (Prometheus needs that), so a tag the
 * conventions leave out on success, {@link #ERROR_TYPE}, is {@value #NO_ERROR} then. Each one is
 * described, with its tags, in {@code docs/observability.md}.
 */
public final class MetricNames {

  /** Counter: messages the application asked to send (push, pushAll, pushAsync). */
  public static final String SENT_MESSAGES = "messaging.client.sent.messages";
  /** Counter: messages delivered to the application, by dequeue (receive) or to a handler (process). */
  public static final String CONSUMED_MESSAGES = "messaging.client.consumed.messages";
  /** Timer: duration of a call to the broker: send, receive, ack or reject. */
  public static final String OPERATION_DURATION = "messaging.client.operation.duration";
  /** Timer: how long a subscription's handler ran on one message. */
  public static final String PROCESS_DURATION = "messaging.process.duration";
  /** Counter: messages settled, by {@link #OUTCOME}. */
  public static final String SETTLED_MESSAGES = "mq.client.settled.messages";
  /** Counter: messages moved to the dead-letter queue, by {@link #DEAD_LETTER_QUEUE}. */
  public static final String DEAD_LETTERED_MESSAGES = "mq.client.dead_lettered.messages";
  /** Distribution: the delivery attempt of each message delivered. */
  public static final String DELIVERY_ATTEMPTS = "mq.client.delivery.attempts";
  /** Gauge: messages delivered through the instrumented queues and not yet settled. */
  public static final String IN_FLIGHT_MESSAGES = "mq.client.in_flight.messages";
  /** Gauge: 1 while the broker's health check passes, 0 when it does not. */
  public static final String BROKER_HEALTH = "mq.broker.health";

  /** Tag: the provider's name, such as {@code inmemory} or {@code kinesis}. */
  public static final String SYSTEM = "messaging.system";
  /** Tag: the queue. */
  public static final String DESTINATION = "messaging.destination.name";
  /** Tag: the consumer group; empty on {@code send}, which no group makes. */
  public static final String CONSUMER_GROUP = "messaging.consumer.group.name";
  /** Tag: {@code send}, {@code receive}, {@code process}, {@code ack} or {@code reject}. */
  public static final String OPERATION_NAME = "messaging.operation.name";
  /** Tag: {@code send}, {@code receive}, {@code process} or {@code settle}. */
  public static final String OPERATION_TYPE = "messaging.operation.type";
  /** Tag: the failure's exception class name, or {@value #NO_ERROR}. */
  public static final String ERROR_TYPE = "error.type";
  /** Tag: acknowledged, requeued, delayed, dead-lettered or dropped. */
  public static final String OUTCOME = "mq.outcome";
  /** Tag: the dead-letter queue's name. */
  public static final String DEAD_LETTER_QUEUE = "mq.dead_letter.queue";

  /** {@link #ERROR_TYPE} of a call that succeeded. */
  public static final String NO_ERROR = "none";

  private MetricNames() {}
}
