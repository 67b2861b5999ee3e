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

  /** Default of {@link #MAX_DELIVERY_ATTEMPTS}. */
  public static final int DEFAULT_MAX_DELIVERY_ATTEMPTS = 3;

  private ConfigKeys() {}
}
