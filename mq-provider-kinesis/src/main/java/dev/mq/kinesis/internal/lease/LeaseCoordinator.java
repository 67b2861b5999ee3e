package dev.mq.kinesis.internal.lease;

import dev.mq.kinesis.checkpoint.Checkpoint;
import dev.mq.kinesis.checkpoint.CheckpointStoreException;
import dev.mq.kinesis.internal.consumer.DoneRange;
import dev.mq.kinesis.internal.consumer.ShardOwnership;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * Holds, renews, takes and hands back the leases of one stream and group for this broker.
 *
 * <p>Every {@code renewInterval} it raises the counter of each held lease, each lease on its own
 * thread of a small pool so that one slow call delays no other lease; a renewal whose condition
 * fails means another worker took the lease: it is lost at once. Independently of any call in
 * flight, a watchdog on the store's renewer thread checks every {@link LeaseSettings#checkInterval}
 * how old each lease's last <em>successful</em> renewal is (by the time it was sent): past
 * {@link LeaseSettings#holdTime} (three quarters of the failover time) the lease is given up
 * locally and the engine stops its reader and abandons its messages in flight, before any other
 * worker may consider it expired. A renewal that failed is retried at the next check. No lock
 * that discovery or acknowledgements need is held across a DynamoDB call: a lease's current item
 * is read without a lock; only this worker's own writes to one item are serialized.
 *
 * <p>Every take starts a new generation of the lease in this process; the events of a generation
 * ({@link Listener#lost}, {@link Listener#handOff}) carry it, so that the engine ignores an event
 * of an earlier generation that arrives after the lease was taken again.
 *
 * <p>Every {@code balanceInterval} it reads the table: it creates the items of new shards, notes
 * for each lease when its counter last moved (by this process's clock: a lease whose counter
 * stood still for {@code failoverTime} is expired), and follows a {@link BalancePlan}. A child
 * shard's lease becomes eligible only when every parent's item says SHARD_END or the parent is
 * no longer listed by the stream.
 */
public final class LeaseCoordinator implements ShardOwnership {

  private static final Logger log = LoggerFactory.getLogger(LeaseCoordinator.class);
  /** Threads that make renewal calls at once, per coordinator. */
  private static final int RENEWAL_THREADS = 8;
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final LeaseStore store;
  private final String stream;
  private final String group;
  private final String me;
  private final LeaseSettings settings;
  private final ScheduledExecutorService scheduler;
  private final LongSupplier clock;
  private final Random random = new Random();
  private final AtomicLong generations = new AtomicLong();
  private final ThreadPoolExecutor renewals;

  private final Map<String, Held> held = new ConcurrentHashMap<>();
  private final AtomicBoolean inBalanceRound = new AtomicBoolean();
  private volatile boolean balanceAgain;
  private final Map<String, Checkpoint> known = new ConcurrentHashMap<>();
  // Guarded by this.
  private final Map<String, Seen> seen = new HashMap<>();
  private final Map<String, Long> requestedSince = new HashMap<>();
  private Map<String, Shard> listed = Map.of();
  private Listener listener;
  private ScheduledFuture<?> renewing;
  private ScheduledFuture<?> balancing;
  private boolean balanceSoon;
  private boolean closed;

  /**
   * A held lease, one generation of it. This worker's writes to the item are serialized on the
   * instance (each is conditional on the counter the previous one left); reads take no lock.
   */
  private static final class Held {
    static final long NONE = Long.MIN_VALUE;
    final long generation;
    volatile Lease lease;
    /** When the last write that raised the counter (take or renewal) was sent. */
    volatile long renewedAtNanos;
    volatile boolean lastRenewalFailed;
    /**
     * When the first renewal call since the last success was sent whose outcome is unknown (it
     * failed, but an attempt may have raised the counter unheard); NONE when there is none.
     */
    long unknownSinceNanos = NONE;
    final AtomicBoolean renewing = new AtomicBoolean();
    final AtomicBoolean handingOff = new AtomicBoolean();

    Held(long generation, Lease lease, long renewedAtNanos) {
      this.generation = generation;
      this.lease = lease;
      this.renewedAtNanos = renewedAtNanos;
    }
  }

  /** When this process first saw a lease's current owner and counter. */
  private record Seen(String owner, long counter, long sinceNanos) {}

  /**
   * @param clock nanoTime-like clock of this process (tests inject one)
   */
  public LeaseCoordinator(LeaseStore store, String stream, String group,
      ScheduledExecutorService scheduler, LongSupplier clock) {
    this.store = store;
    this.stream = stream;
    this.group = group;
    this.me = store.workerId();
    this.settings = store.leaseSettings();
    this.scheduler = scheduler;
    this.clock = clock;
    int pool = POOLS.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    this.renewals = new ThreadPoolExecutor(RENEWAL_THREADS, RENEWAL_THREADS, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "mq-kinesis-lease-renewal-" + pool + "-" + threads.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    // at most one task per held lease is queued: a lease whose renewal is in flight is skipped
    renewals.allowCoreThreadTimeOut(true);
  }

  @Override
  public Map<String, Checkpoint> start(List<Shard> shards, Listener l) {
    synchronized (this) {
      this.listener = l;
      this.listed = byId(shards);
    }
    balance(); // the first round runs now: a lone worker reads at once
    long check = Math.max(TimeUnit.MILLISECONDS.toNanos(1), settings.checkInterval().toNanos());
    long balance = settings.balanceInterval().toNanos();
    synchronized (this) {
      if (!closed) {
        renewing = store.renewer().scheduleWithFixedDelay(this::checkQuietly, check, check, TimeUnit.NANOSECONDS);
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
    Held h = held.get(shardId);
    return h != null && clock.getAsLong() - h.renewedAtNanos < settings.holdTime().toNanos();
  }

  @Override
  public long generation(String shardId) {
    Held h = held.get(shardId);
    return h == null ? 0 : h.generation;
  }

  @Override
  public boolean ordersParentsFirst() {
    return true;
  }

  @Override
  public Optional<Checkpoint> checkpointOf(String shardId) {
    Held h = held.get(shardId);
    if (h != null) {
      return h.lease.checkpointIfAny();
    }
    return Optional.ofNullable(known.get(shardId));
  }

  /** The shards whose leases this worker holds now. */
  public Set<String> heldShards() {
    return Set.copyOf(held.keySet());
  }

  @Override
  public void save(Map<String, Checkpoint> checkpoints) {
    CheckpointStoreException failed = null;
    boolean finishedOne = false;
    Map<String, Held> lostNow = new HashMap<>();
    for (Map.Entry<String, Checkpoint> e : checkpoints.entrySet()) {
      Held h = held.get(e.getKey());
      if (h == null) {
        continue; // lost: its checkpoint is the new owner's now
      }
      Checkpoint cp = e.getValue();
      boolean release = cp.isShardEnd();
      synchronized (h) {
        if (held.get(e.getKey()) != h) {
          continue;
        }
        Optional<Lease> written;
        try {
          written = store.checkpoint(stream, group, h.lease, cp, release);
        } catch (CheckpointStoreException ex) {
          failed = ex;
          continue;
        }
        if (written.isEmpty()) {
          lostNow.put(e.getKey(), h);
          continue;
        }
        // not a renewal: a checkpoint leaves the counter, so others' expiry clocks run on
        h.lease = written.get();
        if (release) {
          held.remove(e.getKey(), h); // finished: nobody needs to hold it any more
          known.put(e.getKey(), cp);
          finishedOne = true;
        }
      }
    }
    lostNow.forEach((shardId, h) -> lose(shardId, h, "its checkpoint write found another owner"));
    if (finishedOne) {
      balanceSoon(); // children may be eligible now
    }
    if (failed != null) {
      throw failed;
    }
  }

  /** The watchdog: a periodic task that must survive anything one round throws. */
  private void checkQuietly() {
    try {
      check();
    } catch (Throwable e) {
      log.error("checking the leases of stream {} for group {} failed; checking again in {}", stream,
          group, settings.checkInterval(), e);
    }
  }

  /**
   * One check of every held lease, by this process's clock only: gives up the leases whose last
   * successful renewal is older than the hold time (whatever their calls in flight are doing)
   * and starts the renewals that are due or failed last time, each on the renewal pool.
   */
  void check() {
    long now = clock.getAsLong();
    for (Map.Entry<String, Held> e : held.entrySet()) {
      Held h = e.getValue();
      long age = now - h.renewedAtNanos;
      if (age >= settings.holdTime().toNanos()) {
        lose(e.getKey(), h, "no renewal succeeded for " + TimeUnit.NANOSECONDS.toMillis(age) + " ms");
      } else if ((age >= settings.renewDue().toNanos() || h.lastRenewalFailed)
          && h.renewing.compareAndSet(false, true)) {
        try {
          renewals.execute(() -> renewOne(e.getKey(), h));
        } catch (RejectedExecutionException closing) {
          h.renewing.set(false);
        }
      }
    }
  }

  /** One renewal round of every held lease, one after the other on the caller's thread (tests). */
  void renew() {
    for (Map.Entry<String, Held> e : held.entrySet()) {
      if (e.getValue().renewing.compareAndSet(false, true)) {
        renewOne(e.getKey(), e.getValue());
      }
    }
  }

  /** Renews one lease; the caller set its {@code renewing} flag. */
  private void renewOne(String shardId, Held h) {
    String lostBecause = null;
    String handOffTo = null;
    try {
      synchronized (h) {
        if (held.get(shardId) != h) {
          return;
        }
        long sent = clock.getAsLong();
        try {
          Optional<Lease> renewed = store.renew(stream, group, h.lease);
          if (renewed.isEmpty()) {
            lostBecause = "another worker took it";
          } else {
            h.lease = renewed.get();
            // the counter now read may have been raised by an earlier call that failed unheard:
            // others may have seen it move since that call was sent
            h.renewedAtNanos = h.unknownSinceNanos == Held.NONE ? sent : Math.min(sent, h.unknownSinceNanos);
            h.unknownSinceNanos = Held.NONE;
            h.lastRenewalFailed = false;
            if (h.lease.handoffTo() != null && h.handingOff.compareAndSet(false, true)) {
              handOffTo = h.lease.handoffTo();
            }
          }
        } catch (RuntimeException ex) {
          h.lastRenewalFailed = true; // the watchdog gives the lease up once it is too old
          if (h.unknownSinceNanos == Held.NONE) {
            h.unknownSinceNanos = sent;
          }
          log.debug("renewing the lease of shard {} failed; retrying: {}", shardId, ex.toString());
        }
      }
    } catch (Throwable t) {
      h.lastRenewalFailed = true;
      log.error("renewing the lease of shard {} of stream {} failed; retrying", shardId, stream, t);
    } finally {
      h.renewing.set(false);
    }
    try {
      if (lostBecause != null) {
        lose(shardId, h, lostBecause);
      } else if (handOffTo != null) {
        handOff(shardId, h, handOffTo);
      }
    } catch (RuntimeException e) {
      log.warn("could not act on the renewal of shard {} of stream {}", shardId, stream, e);
    }
  }

  private void handOff(String shardId, Held h, String to) {
    log.info("worker {} hands the lease of shard {} of stream {} for group {} over to {}, who "
        + "asked for it to balance", me, shardId, stream, group, to);
    Listener l;
    synchronized (this) {
      l = listener;
    }
    Duration grace = settings.failoverTime().dividedBy(2);
    scheduler.execute(() -> l.handOff(shardId, h.generation, grace));
  }

  @Override
  public List<DoneRange> doneAheadOf(String shardId) {
    Held h = held.get(shardId);
    return h == null ? List.of() : h.lease.doneAhead();
  }

  @Override
  public boolean handsOver() {
    return true;
  }

  @Override
  public void handOver(String shardId, Optional<Checkpoint> last, List<DoneRange> doneAhead) {
    Held h = held.get(shardId);
    if (h == null) {
      return;
    }
    synchronized (h) {
      try {
        if (held.get(shardId) != h) {
          return;
        }
        boolean done = handOverOrFree(shardId, h.lease, last.orElse(null), doneAhead);
        if (!done) {
          log.info("the lease of shard {} of stream {} moved before worker {} handed it over",
              shardId, stream, me);
        }
        last.filter(Checkpoint::isShardEnd).ifPresent(cp -> known.put(shardId, cp));
      } catch (RuntimeException e) {
        log.warn("worker {} could not hand over the lease of shard {} of stream {}; it expires "
            + "after the failover time", me, shardId, stream, e);
      } finally {
        held.remove(shardId, h);
      }
    }
  }

  /**
   * Writes the hand-over; when that fails (e.g. the item would grow too large, or DynamoDB
   * refused it), frees the lease with less: the checkpoint without the runs done ahead (their
   * messages are delivered again), then the bare lease; so that the next owner need not wait
   * for the lease to expire.
   */
  private boolean handOverOrFree(String shardId, Lease lease, Checkpoint last, List<DoneRange> doneAhead) {
    RuntimeException first;
    try {
      return store.handOver(stream, group, lease, last, doneAhead);
    } catch (RuntimeException e) {
      first = e;
    }
    if (!doneAhead.isEmpty()) {
      log.warn("worker {} could not hand over shard {} of stream {} with {} runs of messages done "
          + "ahead; handing it over without them (they are delivered again)", me, shardId, stream,
          doneAhead.size(), first);
      try {
        return store.handOver(stream, group, lease, last, List.of());
      } catch (RuntimeException e) {
        first.addSuppressed(e);
      }
    }
    log.warn("worker {} could not hand over shard {} of stream {} with its last checkpoint; "
        + "freeing the lease without it (messages acknowledged since the last saved checkpoint "
        + "are delivered again)", me, shardId, stream, first);
    return store.release(stream, group, lease);
  }

  /**
   * Gives one generation of a lease up and tells the engine at once, on the calling thread:
   * never under a lease's lock, and never deferred to the broker's scheduler, whose threads may
   * be busy while the lease runs out.
   */
  private void lose(String shardId, Held h, String why) {
    if (!held.remove(shardId, h)) {
      return;
    }
    log.info("worker {} lost the lease of shard {} of stream {} for group {}: {}", me, shardId,
        stream, group, why);
    Listener l;
    synchronized (this) {
      l = listener;
    }
    l.lost(shardId, h.generation);
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
    List<Lease> leases = store.list(stream, group);
    Map<String, Lease> byShard = new HashMap<>();
    leases.forEach(l -> byShard.put(l.shardId(), l));
    boolean created = false;
    for (Shard s : shards.values()) {
      if (!byShard.containsKey(s.shardId())) {
        List<String> parents = new ArrayList<>();
        if (s.parentShardId() != null) {
          parents.add(s.parentShardId());
        }
        if (s.adjacentParentShardId() != null) {
          parents.add(s.adjacentParentShardId());
        }
        created |= store.create(stream, group, s.shardId(), parents);
      }
    }
    if (created) {
      leases = store.list(stream, group);
      byShard.clear();
      leases.forEach(l -> byShard.put(l.shardId(), l));
    }
    long now = clock.getAsLong();
    List<BalancePlan.Candidate> candidates = new ArrayList<>();
    Map<String, Lease> candidateLeases = new HashMap<>();
    List<Lease> unanswered = new ArrayList<>();
    synchronized (this) {
      Map<String, Long> stillRequested = new HashMap<>();
      Map<String, Seen> nowSeen = new HashMap<>();
      for (Lease l : leases) {
        l.checkpointIfAny().ifPresentOrElse(cp -> known.put(l.shardId(), cp), () -> known.remove(l.shardId()));
        Seen before = seen.get(l.shardId());
        Seen s = before != null && before.counter() == l.counter() && java.util.Objects.equals(before.owner(), l.owner())
            ? before : new Seen(l.owner(), l.counter(), now);
        nowSeen.put(l.shardId(), s);
        if (l.isFinished() || !parentsDone(l, byShard, shards)) {
          continue;
        }
        boolean expired = l.owner() != null && !l.isOwnedBy(me)
            && now - s.sinceNanos() >= settings.failoverTime().toNanos();
        boolean mine = held.containsKey(l.shardId());
        boolean askedByMe = !mine && !expired && l.owner() != null && !l.isOwnedBy(me)
            && me.equals(l.handoffTo());
        if (askedByMe) {
          // counts as mine while its owner hands it over; taken by force if it never does
          long since = requestedSince.getOrDefault(l.shardId(), now);
          stillRequested.put(l.shardId(), since);
          if (now - since >= settings.failoverTime().toNanos() * 2) {
            unanswered.add(l);
          }
        }
        // a lease handed over stays reserved for the worker that asked for it, for a failover time
        boolean reservedFresh = l.owner() == null && l.handoffTo() != null
            && now - s.sinceNanos() < settings.failoverTime().toNanos();
        candidates.add(new BalancePlan.Candidate(l.shardId(),
            mine || askedByMe ? me : (l.isOwnedBy(me) ? null : l.owner()), expired,
            l.owner() != null || reservedFresh ? l.handoffTo() : null));
        candidateLeases.put(l.shardId(), l);
      }
      seen.clear();
      seen.putAll(nowSeen);
      requestedSince.clear();
      requestedSince.putAll(stillRequested);
    }
    for (Lease l : unanswered) {
      acquire(l, "its owner " + l.owner() + " did not hand it over within twice the failover time");
    }
    BalancePlan plan = BalancePlan.plan(me, candidates, settings.maxStealsPerRound(), random);
    for (String shardId : plan.take()) {
      acquire(candidateLeases.get(shardId), "free or expired");
    }
    for (String shardId : plan.steal()) {
      Lease l = candidateLeases.get(shardId);
      if (store.requestHandoff(stream, group, l)) {
        synchronized (this) {
          requestedSince.putIfAbsent(shardId, now);
        }
        log.info("worker {} asked {} to hand over shard {} of stream {} for group {} to balance",
            me, l.owner(), shardId, stream, group);
      }
    }
  }

  /** Every parent's item says SHARD_END, or the parent is gone from the stream. */
  static boolean parentsDone(Lease l, Map<String, Lease> byShard, Map<String, Shard> listed) {
    for (String p : l.parentShardIds()) {
      Lease parent = byShard.get(p);
      if (parent != null ? !parent.isFinished() : listed.containsKey(p)) {
        return false;
      }
    }
    return true;
  }

  private void acquire(Lease expected, String why) {
    if (held.containsKey(expected.shardId())) {
      return;
    }
    long sent = clock.getAsLong();
    Optional<Lease> taken;
    try {
      taken = store.take(stream, group, expected);
    } catch (CheckpointStoreException e) {
      // one lease's failed take ends no round: the others are still taken; this one next time
      log.warn("worker {} could not take the lease of shard {} of stream {}; trying again at the "
          + "next balancing round: {}", me, expected.shardId(), stream, e.toString());
      return;
    }
    if (taken.isEmpty()) {
      log.debug("lease of shard {} moved before worker {} could take it", expected.shardId(), me);
      return;
    }
    Listener l;
    synchronized (this) {
      if (closed) {
        release(taken.get());
        return;
      }
      // two balancing rounds may both take it (the second reads back this worker's own write):
      // the first one's hold stands
      if (held.putIfAbsent(expected.shardId(), new Held(generations.incrementAndGet(), taken.get(), sent)) != null) {
        return;
      }
      l = listener;
    }
    log.info("worker {} took the lease of shard {} of stream {} for group {} ({})", me,
        expected.shardId(), stream, group, why);
    l.gained(expected.shardId());
  }

  private void release(Lease lease) {
    try {
      store.release(stream, group, lease);
    } catch (RuntimeException e) {
      log.warn("could not hand back the lease of shard {} of stream {}; others take it after the "
          + "failover time", lease.shardId(), stream, e);
    }
  }

  /** Stops renewing and balancing and hands every held lease back. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      if (renewing != null) {
        renewing.cancel(false);
      }
      if (balancing != null) {
        balancing.cancel(false);
      }
    }
    renewals.shutdownNow(); // a renewal in flight ends by its call timeout
    for (Map.Entry<String, Held> e : held.entrySet()) {
      Held h = e.getValue();
      synchronized (h) {
        if (held.remove(e.getKey(), h)) {
          release(h.lease);
        }
      }
    }
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
