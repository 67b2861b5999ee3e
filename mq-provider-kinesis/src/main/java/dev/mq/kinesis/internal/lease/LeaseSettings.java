package dev.mq.kinesis.internal.lease;

import java.time.Duration;

/**
 * Timings and bounds of the lease protocol.
 *
 * @param failoverTime a lease whose counter has not moved for this long, by the observer's own
 *     clock, is expired and may be taken
 * @param renewInterval how often a holder raises the counters of its leases; at most half the
 *     failover time
 * @param balanceInterval how often a worker reads the table to take free, expired or (a bounded
 *     number of) stolen leases
 * @param maxStealsPerRound the most leases a worker steals per balancing round
 */
public record LeaseSettings(Duration failoverTime, Duration renewInterval, Duration balanceInterval,
    int maxStealsPerRound) {

  public static final Duration DEFAULT_FAILOVER_TIME = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_STEALS = 1;

  /** The defaults: failover 10 s, renew every failover/3, balance every failover/2, 1 steal. */
  public static LeaseSettings defaults() {
    return of(DEFAULT_FAILOVER_TIME, null, null, DEFAULT_MAX_STEALS);
  }

  /** With renew and balance intervals derived from the failover time when null. */
  public static LeaseSettings of(Duration failover, Duration renew, Duration balance, int maxSteals) {
    return new LeaseSettings(failover, renew != null ? renew : failover.dividedBy(3),
        balance != null ? balance : failover.dividedBy(2), maxSteals);
  }
}
