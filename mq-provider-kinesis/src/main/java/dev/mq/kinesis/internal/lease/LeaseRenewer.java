package dev.mq.kinesis.internal.lease;

import dev.mq.kinesis.checkpoint.Checkpoint;
import dev.mq.kinesis.checkpoint.CheckpointStoreException;
import dev.mq.kinesis.internal.config.LeaseSettings;
import dev.mq.kinesis.internal.lease.ShardOwnership.Listener;
import dev.mq.spi.DaemonThreads;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leases this worker holds on one stream for one group, and every write to them: renewals,
 * checkpoints, hand-overs and hand-backs; with the events the engine hears of them.
 *
 * <p>Every {@code renewInterval} (sooner if the hold time needs it: {@link LeaseSettings#renewDue})
 * it raises the counter of each held lease, each lease on its own thread of a small pool so that
 * one slow call delays no other lease; a renewal whose condition
 * fails means another worker took the lease: it is lost at once. Independently of any call in
 * flight, a watchdog on its own thread checks every {@link LeaseSettings#checkInterval} how old
 * each lease's last <em>successful</em> renewal is (by the time it was sent): past
 * {@link LeaseSettings#holdTime} (three quarters of the failover time) the lease is given up
 * locally and the engine stops its reader and abandons its messages in flight, before any other
 * worker may consider it expired. A renewal that failed is retried at the next check. A lease's
 * current item is read without a lock; only this worker's own writes to one item are serialized.
 *
 * <p>Every take starts a new generation of the lease in this process; the events of a generation
 * ({@link Listener#lost}, {@link Listener#handOver}) carry it, so that the engine ignores an event
 * of an earlier generation that arrives after the lease was taken again.
 *
 * <p>Over 350 lines because a held lease's lock serializes all of this worker's writes to its
 * item (renewal, checkpoint, hand-over, hand-back): splitting those writes across classes would
 * share that lock between them.
 */
final class LeaseRenewer {

  // under the coordinator's name: one logger (and one log setting) for the whole lease protocol
  private static final Logger log = LoggerFactory.getLogger(LeaseCoordinator.class);
  /** Threads that make renewal calls at once, per stream and group. */
  private static final int RENEWAL_THREADS = 8;
  private static final AtomicInteger POOLS = new AtomicInteger();
  private static final AtomicInteger WATCHDOGS = new AtomicInteger();

  private final LeaseTable table;
  private final String stream;
  private final String group;
  private final String me;
  private final LeaseSettings settings;
  /** Where the hand-over events go: they wait for messages in flight, never on the watchdog. */
  private final ScheduledExecutorService scheduler;
  private final LongSupplier clock;
  /** Told the checkpoint of a shard that ended here (SHARD_END) as this worker stops holding it. */
  private final BiConsumer<String, Checkpoint> ended;
  private final AtomicLong generations = new AtomicLong();
  private final ThreadPoolExecutor renewals;
  /** Checks the leases' age; makes no call itself, so never waits behind one. */
  private final ScheduledThreadPoolExecutor watchdog;
  private final Map<String, Held> held = new ConcurrentHashMap<>();
  // Guarded by this.
  private Listener listener;
  private ScheduledFuture<?> checking;
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
    final AtomicBoolean handingOver = new AtomicBoolean();

    Held(long generation, Lease lease, long renewedAtNanos) {
      this.generation = generation;
      this.lease = lease;
      this.renewedAtNanos = renewedAtNanos;
    }
  }

  LeaseRenewer(LeaseTable table, String stream, String group, ScheduledExecutorService scheduler,
      LongSupplier clock, BiConsumer<String, Checkpoint> ended) {
    this.table = table;
    this.stream = stream;
    this.group = group;
    this.me = table.workerId();
    this.settings = table.leaseSettings();
    this.scheduler = scheduler;
    this.clock = clock;
    this.ended = ended;
    int pool = POOLS.incrementAndGet();
    this.renewals = new ThreadPoolExecutor(RENEWAL_THREADS, RENEWAL_THREADS, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), DaemonThreads.factory("mq-kinesis-lease-renewal-" + pool));
    // at most one task per held lease is queued: a lease whose renewal is in flight is skipped
    renewals.allowCoreThreadTimeOut(true);
    this.watchdog = new ScheduledThreadPoolExecutor(1,
        DaemonThreads.factory("mq-kinesis-lease-renewer-" + WATCHDOGS.incrementAndGet()));
    watchdog.setRemoveOnCancelPolicy(true);
  }

  /** Where the events go; set before the first lease is added. */
  synchronized void listener(Listener l) {
    this.listener = l;
  }

  /** Starts the watchdog, unless closed already. */
  synchronized void start() {
    if (!closed) {
      long check = Math.max(TimeUnit.MILLISECONDS.toNanos(1), settings.checkInterval().toNanos());
      checking = watchdog.scheduleWithFixedDelay(this::checkQuietly, check, check, TimeUnit.NANOSECONDS);
    }
  }

  /** Held, and renewed successfully within the hold time (by this process's clock). */
  boolean mayRead(String shardId) {
    Held h = held.get(shardId);
    return h != null && clock.getAsLong() - h.renewedAtNanos < settings.holdTime().toNanos();
  }

  long generation(String shardId) {
    Held h = held.get(shardId);
    return h == null ? 0 : h.generation;
  }

  /** The lease as this worker holds it now, if it does. */
  Optional<Lease> lease(String shardId) {
    Held h = held.get(shardId);
    return h == null ? Optional.empty() : Optional.of(h.lease);
  }

  boolean holds(String shardId) {
    return held.containsKey(shardId);
  }

  Set<String> heldShards() {
    return Set.copyOf(held.keySet());
  }

  /** The held shards whose last renewal failed: their leases run out unless one succeeds soon. */
  Set<String> unrenewedShards() {
    Set<String> out = new TreeSet<>();
    held.forEach((shard, h) -> {
      if (h.lastRenewalFailed) {
        out.add(shard);
      }
    });
    return out;
  }

  /**
   * Holds a lease just taken (the take was sent at {@code sentNanos}) as a new generation and
   * tells the engine; once closed, hands it back instead.
   */
  void add(Lease taken, long sentNanos, String why) {
    Listener l;
    synchronized (this) {
      if (closed) {
        release(taken);
        return;
      }
      // two balancing rounds may both take it (the second reads back this worker's own write):
      // the first one's hold stands
      if (held.putIfAbsent(taken.shardId(), new Held(generations.incrementAndGet(), taken, sentNanos)) != null) {
        return;
      }
      l = listener;
    }
    log.info("worker {} took the lease of shard {} of stream {} for group {} ({})", me,
        taken.shardId(), stream, group, why);
    l.gained(taken.shardId());
  }

  /**
   * Writes the checkpoints of the held leases; runs {@code endedOne} (once, before any
   * failure is thrown) when the shard of one of them ended and is no longer held. A lease whose
   * write found another owner is lost.
   */
  void save(Map<String, Checkpoint> checkpoints, Runnable endedOne) {
    CheckpointStoreException failed = null;
    boolean endedAny = false;
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
          written = table.checkpoint(stream, group, h.lease, cp, release);
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
          held.remove(e.getKey(), h); // ended: nobody needs to hold it any more
          ended.accept(e.getKey(), cp);
          endedAny = true;
        }
      }
    }
    lostNow.forEach((shardId, h) -> lose(shardId, h, "its checkpoint write found another owner"));
    if (endedAny) {
      endedOne.run();
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
    String handOverTo = null;
    try {
      synchronized (h) {
        if (held.get(shardId) != h) {
          return;
        }
        long sent = clock.getAsLong();
        try {
          Optional<Lease> renewed = table.renew(stream, group, h.lease);
          if (renewed.isEmpty()) {
            lostBecause = "another worker took it";
          } else {
            h.lease = renewed.get();
            // the counter now read may have been raised by an earlier call that failed unheard:
            // others may have seen it move since that call was sent
            h.renewedAtNanos = h.unknownSinceNanos == Held.NONE ? sent : Math.min(sent, h.unknownSinceNanos);
            h.unknownSinceNanos = Held.NONE;
            h.lastRenewalFailed = false;
            if (h.lease.handoffTo() != null && h.handingOver.compareAndSet(false, true)) {
              handOverTo = h.lease.handoffTo();
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
      } else if (handOverTo != null) {
        handOver(shardId, h, handOverTo);
      }
    } catch (RuntimeException e) {
      log.warn("could not act on the renewal of shard {} of stream {}", shardId, stream, e);
    }
  }

  private void handOver(String shardId, Held h, String to) {
    log.info("worker {} hands the lease of shard {} of stream {} for group {} over to {}, who "
        + "asked for it to balance", me, shardId, stream, group, to);
    Listener l;
    synchronized (this) {
      l = listener;
    }
    Duration grace = settings.failoverTime().dividedBy(2);
    scheduler.execute(() -> l.handOver(shardId, h.generation, grace));
  }

  /**
   * Hands a held lease over (see {@link LeaseHandOver}) and stops holding it, whatever the
   * outcome: a lease not handed over expires after the failover time.
   */
  void handOver(String shardId, Optional<Checkpoint> last, List<DoneRange> doneAhead) {
    Held h = held.get(shardId);
    if (h == null) {
      return;
    }
    synchronized (h) {
      try {
        if (held.get(shardId) != h) {
          return;
        }
        boolean done = LeaseHandOver.handOverOrFree(table, stream, group, h.lease, last.orElse(null), doneAhead);
        if (!done) {
          log.info("the lease of shard {} of stream {} moved before worker {} handed it over",
              shardId, stream, me);
        }
        last.filter(Checkpoint::isShardEnd).ifPresent(cp -> ended.accept(shardId, cp));
      } catch (RuntimeException e) {
        log.warn("worker {} could not hand over the lease of shard {} of stream {}; it expires "
            + "after the failover time", me, shardId, stream, e);
      } finally {
        held.remove(shardId, h);
      }
    }
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

  private void release(Lease lease) {
    try {
      table.release(stream, group, lease);
    } catch (RuntimeException e) {
      log.warn("could not hand back the lease of shard {} of stream {}; others take it after the "
          + "failover time", lease.shardId(), stream, e);
    }
  }

  /** Stops the watchdog and the renewals and hands every held lease back. */
  void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      if (checking != null) {
        checking.cancel(false);
      }
    }
    // not interrupted: a check in progress may be telling the engine of a loss on this thread
    watchdog.shutdown();
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
}
