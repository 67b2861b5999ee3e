package dev.mq;

/**
 * The configuration keys common to every provider. A provider's own keys live under
 * {@code mq.<provider>.}; see each provider's README.
 */
public final class ConfigKeys {

  /** Prefix of every key this library reads. */
  public static final String PREFIX = "mq.";
  /** Name of the provider to use; optional when exactly one provider is on the class path. */
  public static final String PROVIDER = "mq.provider";
  /** Deliveries of a message before a requeueing reject dead-letters it; default 3. */
  public static final String MAX_DELIVERY_ATTEMPTS = "mq.max-delivery-attempts";
  /**
   * Queue that receives dead letters; {@code {queue}} in the value is replaced by the source
   * queue's name. No default: without it, dead letters are dropped with a WARN log line.
   */
  public static final String DEAD_LETTER_QUEUE = "mq.dead-letter-queue";

  /**
   * Wait before a message whose first delivery was rejected with requeue (or whose handler threw)
   * is delivered again; default 1s, 0 for none. See {@link dev.mq.spi.RetryPolicy}.
   */
  public static final String RETRY_INITIAL_DELAY = "mq.retry.initial-delay";
  /** Factor from one attempt's retry wait to the next; default 2, at least 1. */
  public static final String RETRY_MULTIPLIER = "mq.retry.multiplier";
  /** Longest retry wait; default 10s, at least the initial delay. */
  public static final String RETRY_MAX_DELAY = "mq.retry.max-delay";

  /** Default of {@link #MAX_DELIVERY_ATTEMPTS}. */
  public static final int DEFAULT_MAX_DELIVERY_ATTEMPTS = 3;

  private ConfigKeys() {}
}
