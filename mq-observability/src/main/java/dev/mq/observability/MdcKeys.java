package dev.mq.observability;

/**
 * The SLF4J MDC keys set while a subscription's handler runs, and restored to what they were
 * when it returns or throws.
 */
public final class MdcKeys {

  /** The queue. */
  public static final String QUEUE = "mq.queue";
  /** The consumer group. */
  public static final String GROUP = "mq.group";
  /** The message id. */
  public static final String MESSAGE_ID = "mq.message.id";
  /** The delivery attempt, 1 on the first delivery. */
  public static final String DELIVERY_ATTEMPT = "mq.delivery.attempt";

  private MdcKeys() {}
}
