package dev.mq.kinesis.internal.lease;

import dev.mq.kinesis.checkpoint.Checkpoint;
import dev.mq.kinesis.internal.config.LeaseSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * The shards of one stream and group that this broker may read, by the leases it holds in a
 * {@link LeaseTable}: the engine's {@link ShardOwnership}. It wires a {@link LeaseRenewer} (the
 * held leases, their renewals, watchdog, checkpoints, hand-overs and events) and a
 * {@link LeaseTaker} (the balancing rounds), and runs a round every {@code balanceInterval} on
 * the broker's scheduler, and at once when the stream lists new shards or a shard ended. No
 * lock that discovery or acknowledgements need is held across a call to the table.
 */
public final class LeaseCoordinator implements ShardOwnership {

  private static final Logger log = LoggerFactory.getLogger(LeaseCoordinator.class);

  private final String stream;
  private final String group;
  private final String me;
  private final LeaseSettings settings;
  private final ScheduledExecutorService scheduler;
  /** The last checkpoints read of the leases (or written, for shards that ended here). */
  private final Map<String, Checkpoint> known = new ConcurrentHashMap<>();
  private final LeaseRenewer renewer;
  private final LeaseTaker taker;
  /** Whether a balancing round runs now: the taker runs one at a time. */
  private final AtomicBoolean inBalanceRound = new AtomicBoolean();
  /** A round was asked for while one ran: it runs again right after. */
  private volatile boolean balanceAgain;
  // Guarded by this.
  private Map<String, Shard> listed = Map.of();
  private ScheduledFuture<?> balancing;
  private boolean balanceSoon;
  private boolean closed;

  /**
   * A coordinator of the group's leases on one stream; it starts working at {@code start}.
   *
   * @param table the lease table
   * @param stream the stream (name or ARN)
   * @param group the consumer group
   * @param scheduler runs the renewals and balancing rounds
   * @param clock nanoTime-like clock of this process (tests inject one)
   */
  public LeaseCoordinator(LeaseTable table, String stream, String group,
      ScheduledExecutorService scheduler, LongSupplier clock) {
    this.stream = stream;
    this.group = group;
    this.me = table.workerId();
    this.settings = table.leaseSettings();
    this.scheduler = scheduler;
    this.renewer = new LeaseRenewer(table, stream, group, scheduler, clock, known::put);
    this.taker = new LeaseTaker(table, stream, group, renewer, known, clock);
  }

  @Override
  public Map<String, Checkpoint> start(List<Shard> shards, Listener l) {
    renewer.listener(l);
    synchronized (this) {
      this.listed = byId(shards);
    }
    balance(); // the first round runs now: a lone worker reads at once
    long balance = settings.balanceInterval().toNanos();
    synchronized (this) {
      if (!closed) {
        renewer.start();
        balancing = scheduler.scheduleWithFixedDelay(this::balanceQuietly, balance, balance, TimeUnit.NANOSECONDS);
      }
    }
    return Map.copyOf(known);
  }

  @Override
  public void listed(List<Shard> shards) {
    boolean news;
    synchronized (this) {
      news = !listed.keySet().containsAll(byId(shards).keySet());
      listed = byId(shards);
    }
    if (news) {
      balanceSoon();
    }
  }

  /** Held, and renewed successfully within the hold time (by this process's clock). */
  @Override
  public boolean mayRead(String shardId) {
    return renewer.mayRead(shardId);
  }

  @Override
  public long generation(String shardId) {
    return renewer.generation(shardId);
  }

  @Override
  public boolean ordersParentsFirst() {
    return true;
  }

  @Override
  public Optional<Checkpoint> checkpointOf(String shardId) {
    Optional<Lease> held = renewer.lease(shardId);
    if (held.isPresent()) {
      return held.get().checkpointIfAny();
    }
    return Optional.ofNullable(known.get(shardId));
  }

  /** {@return the shards whose leases this worker holds now} */
  public Set<String> heldShards() {
    return renewer.heldShards();
  }

  /** {@return the held shards whose last lease renewal failed (the lease table did not answer)} */
  public Set<String> unrenewedShards() {
    return renewer.unrenewedShards();
  }

  @Override
  public void save(Map<String, Checkpoint> checkpoints) {
    renewer.save(checkpoints, this::balanceSoon); // children may be eligible now
  }

  /** One check of every held lease by the watchdog (tests). */
  void check() {
    renewer.check();
  }

  /** One renewal round of every held lease, one after the other on the caller's thread (tests). */
  void renew() {
    renewer.renew();
  }

  @Override
  public List<DoneRange> doneAheadOf(String shardId) {
    return renewer.lease(shardId).map(Lease::doneAhead).orElse(List.of());
  }

  @Override
  public boolean handsOver() {
    return true;
  }

  @Override
  public void handOver(String shardId, Optional<Checkpoint> last, List<DoneRange> doneAhead) {
    renewer.handOver(shardId, last, doneAhead);
  }

  private void balanceSoon() {
    synchronized (this) {
      if (closed || balanceSoon) {
        return;
      }
      balanceSoon = true;
    }
    try {
      scheduler.execute(this::balanceQuietly);
    } catch (RuntimeException e) {
      synchronized (this) {
        balanceSoon = false; // scheduler shut down: the broker is closing
      }
    }
  }

  /** A periodic task that must survive anything one round throws. */
  private void balanceQuietly() {
    try {
      balance();
    } catch (Throwable e) {
      if (!isClosed()) {
        log.warn("balancing the leases of stream {} for group {} failed; retrying in {}", stream,
            group, settings.balanceInterval(), e);
      }
    }
  }

  private synchronized boolean isClosed() {
    return closed;
  }

  /** One balancing round: read, create missing items, take and steal per the plan. */
  void balance() {
    // rounds never overlap (the periodic one, one asked for soon, the first at start); one asked
    // for while another runs runs right after it
    if (!inBalanceRound.compareAndSet(false, true)) {
      balanceAgain = true;
      return;
    }
    try {
      do {
        balanceAgain = false;
        balanceRound();
      } while (balanceAgain && !isClosed());
    } finally {
      inBalanceRound.set(false);
    }
  }

  private void balanceRound() {
    Map<String, Shard> shards;
    synchronized (this) {
      balanceSoon = false;
      if (closed) {
        return;
      }
      shards = listed;
    }
    taker.balance(shards);
  }

  /** Stops renewing and balancing and hands every held lease back. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      if (balancing != null) {
        balancing.cancel(false);
      }
    }
    renewer.close();
  }

  private static Map<String, Shard> byId(List<Shard> shards) {
    Map<String, Shard> m = new HashMap<>();
    shards.forEach(s -> m.put(s.shardId(), s));
    return m;
  }

  @Override
  public String toString() {
    return "LeaseCoordinator[" + stream + ", group " + group + ", worker " + me + "]";
  }
}
