package dev.mq.kinesis.internal.config;

import java.time.Duration;

/**
 * The lease group of {@link KinesisConfig} (read with {@code checkpoint-store=dynamodb}):
 * timings and bounds of the lease protocol, and what follows from them.
 *
 * @param failoverTime {@code lease-failover-time} (default 10 s, 500 ms to 1 h): a lease whose
 *     counter has not moved for this long, by the observer's own clock, is expired and may be
 *     taken
 * @param renewInterval {@code lease-renew-interval} (default failover / 3, 50 ms to half the
 *     failover time): how often a holder raises the counters of its leases; at most half the
 *     failover time
 * @param balanceInterval {@code lease-balance-interval} (default failover / 2, 50 ms to the
 *     failover time): how often a worker reads the table to take free, expired or (a bounded
 *     number of) stolen leases
 * @param maxStealsPerRound {@code lease-max-steals} (default 1, 0 to 100): the most leases a
 *     worker steals per balancing round
 */
public record LeaseSettings(Duration failoverTime, Duration renewInterval, Duration balanceInterval,
    int maxStealsPerRound) {

  /**
   * {@return what the holder keeps free before the failover time: a quarter of it. It covers the
   * watchdog's check interval (at most an eighth of the failover time), the time to stop delivering
   * and the rate difference of two clocks}
   */
  public Duration safetyMargin() {
    return failoverTime.dividedBy(4);
  }

  /**
   * {@return how long a holder goes on reading and delivering a lease after its last
   * <em>successful</em> renewal was sent, by its own clock: the failover time less the
   * {@link #safetyMargin()}. Another worker may take the lease only after it saw the counter stand
   * still for the whole failover time, so the holder stops at least a margin before that, whatever
   * a call in flight is doing. A renewal started by {@link #renewDue()} and bounded by the
   * {@link #callTimeout()} ends within it}
   */
  public Duration holdTime() {
    return failoverTime.minus(safetyMargin());
  }

  /**
   * {@return the bound of one conditional lease write (take, renew, checkpoint, hand-over,
   * release), the SDK's retries included: a quarter of the failover time, so that a hanging
   * DynamoDB call ends well before the lease could expire and the next renewal can be tried}
   */
  public Duration callTimeout() {
    return failoverTime.dividedBy(4);
  }

  /**
   * {@return how often the holder checks the age of its leases (to stop delivering an overdue one)
   * and starts renewals that are due or that failed: a quarter of the renew interval}
   */
  public Duration checkInterval() {
    return renewInterval.dividedBy(4);
  }

  /**
   * {@return how old the last successful renewal may get before the next is started: the renew
   * interval, but never so late that a renewal started one check interval after it, bounded by the
   * {@link #callTimeout()}, could end after the {@link #holdTime()} (with a renew interval near
   * half the failover time it would, and a live lease would be given up)}
   */
  public Duration renewDue() {
    Duration latest = holdTime().minus(callTimeout()).minus(checkInterval());
    return renewInterval.compareTo(latest) < 0 ? renewInterval : latest;
  }

  /**
   * {@return the defaults: failover 10 s, renew every failover/3, balance every failover/2, 1
   * steal}
   */
  public static LeaseSettings defaults() {
    return of(KinesisConfig.DEFAULT_LEASE_FAILOVER_TIME, null, null,
        KinesisConfig.DEFAULT_LEASE_MAX_STEALS);
  }

  /**
   * Settings with the renew and balance intervals derived from the failover time when null.
   *
   * @param failover {@code lease-failover-time}
   * @param renew {@code lease-renew-interval}, or null for a third of the failover time
   * @param balance {@code lease-balance-interval}, or null for half the failover time
   * @param maxSteals {@code lease-max-steals}
   * @return the settings
   */
  public static LeaseSettings of(Duration failover, Duration renew, Duration balance, int maxSteals) {
    return new LeaseSettings(failover, renew != null ? renew : failover.dividedBy(3),
        balance != null ? balance : failover.dividedBy(2), maxSteals);
  }
}
