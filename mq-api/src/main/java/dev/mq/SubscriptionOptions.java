package dev.mq;

import java.time.Duration;
import java.util.Objects;

/** How a subscription runs: its concurrency, poll wait and close timeout. */
public final class SubscriptionOptions {

  /** Default number of handlers running at once. */
  public static final int DEFAULT_CONCURRENCY = 1;
  /** Most handlers one subscription may run at once. */
  public static final int MAX_CONCURRENCY = 1024;
  /** Default time {@link Subscription#close()} waits for running handlers. */
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);
  /** Default longest wait of one poll for messages. */
  public static final Duration DEFAULT_POLL_WAIT = Duration.ofSeconds(1);

  private static final SubscriptionOptions DEFAULTS = builder().build();

  private final int concurrency;
  private final Duration closeTimeout;
  private final Duration pollWait;

  private SubscriptionOptions(Builder b) {
    this.concurrency = b.concurrency;
    this.closeTimeout = b.closeTimeout;
    this.pollWait = b.pollWait;
  }

  /** {@return concurrency 1, close timeout 30 s, poll wait 1 s} */
  public static SubscriptionOptions defaults() {
    return DEFAULTS;
  }

  /** {@return a builder that starts from the defaults} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return how many handlers may run at once (1..{@value #MAX_CONCURRENCY})} */
  public int concurrency() {
    return concurrency;
  }

  /** {@return how long {@link Subscription#close()} waits for running handlers} */
  public Duration closeTimeout() {
    return closeTimeout;
  }

  /** {@return the longest time one poll for messages waits before looking again} */
  public Duration pollWait() {
    return pollWait;
  }

  @Override
  public String toString() {
    return "SubscriptionOptions[concurrency=" + concurrency + ", closeTimeout=" + closeTimeout
        + ", pollWait=" + pollWait + "]";
  }

  /** Builds {@link SubscriptionOptions}. */
  public static final class Builder {
    private int concurrency = DEFAULT_CONCURRENCY;
    private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
    private Duration pollWait = DEFAULT_POLL_WAIT;

    private Builder() {}

    /**
     * Handlers running at once, 1..{@value SubscriptionOptions#MAX_CONCURRENCY}.
     *
     * @param concurrency handlers running at once
     * @return this builder
     */
    public Builder concurrency(int concurrency) {
      if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
        throw new IllegalArgumentException(
            "concurrency must be 1.." + MAX_CONCURRENCY + ": " + concurrency);
      }
      this.concurrency = concurrency;
      return this;
    }

    /**
     * The bounded wait of {@link Subscription#close()}; zero or positive.
     *
     * @param closeTimeout the bounded wait of {@link Subscription#close()}
     * @return this builder
     */
    public Builder closeTimeout(Duration closeTimeout) {
      Objects.requireNonNull(closeTimeout, "closeTimeout");
      if (closeTimeout.isNegative()) {
        throw new IllegalArgumentException("closeTimeout must not be negative: " + closeTimeout);
      }
      this.closeTimeout = closeTimeout;
      return this;
    }

    /**
     * The longest wait of one poll; positive, at most one minute.
     *
     * @param pollWait the longest wait of one poll
     * @return this builder
     */
    public Builder pollWait(Duration pollWait) {
      Objects.requireNonNull(pollWait, "pollWait");
      if (pollWait.isNegative() || pollWait.isZero() || pollWait.compareTo(Duration.ofMinutes(1)) > 0) {
        throw new IllegalArgumentException("pollWait must be in (0, 1 min]: " + pollWait);
      }
      this.pollWait = pollWait;
      return this;
    }

    /** {@return the options} */
    public SubscriptionOptions build() {
      return new SubscriptionOptions(this);
    }
  }
}
