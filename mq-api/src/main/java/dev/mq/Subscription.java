package dev.mq;

/** A running {@linkplain MessageQueue#subscribe subscription}; close it to stop deliveries. */
public interface Subscription extends AutoCloseable {

  /** {@return true until {@link #close()} has been called} */
  boolean isActive();

  /**
   * Stops new deliveries and waits, at most the subscription's close timeout, for running
   * handlers. Messages not acknowledged by then are delivered again later. Idempotent.
   */
  @Override
  void close();
}
