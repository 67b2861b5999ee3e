package dev.mq.kinesis.internal.lease;

import dev.mq.kinesis.checkpoint.Checkpoint;
import dev.mq.kinesis.checkpoint.CheckpointStoreException;
import dev.mq.kinesis.internal.config.LeaseSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * One balancing round at a time for one stream and group: reads the table, creates the items of
 * new shards, notes for each lease when its counter last moved (by this process's clock: a lease
 * whose counter stood still for {@code failoverTime} is expired), and follows a
 * {@link BalancePlan}: takes free and expired leases, asks owners to hand leases over, and takes
 * by force a lease whose owner did not answer within twice the failover time. A child shard's
 * lease becomes eligible only when every parent's item says SHARD_END or the parent is no longer
 * listed by the stream. It holds no thread: the coordinator runs its rounds.
 */
final class LeaseTaker {

  // under the coordinator's name: one logger (and one log setting) for the whole lease protocol
  private static final Logger log = LoggerFactory.getLogger(LeaseCoordinator.class);

  private final LeaseTable table;
  private final String stream;
  private final String group;
  private final String me;
  private final LeaseSettings settings;
  private final LeaseRenewer renewer;
  /** The checkpoints of the leases as last read, kept up to date here. */
  private final Map<String, Checkpoint> known;
  private final LongSupplier clock;
  private final Random random = new Random();
  // Guarded by this.
  private final Map<String, Seen> seen = new HashMap<>();
  private final Map<String, Long> requestedSince = new HashMap<>();

  /** When this process first saw a lease's current owner and counter. */
  private record Seen(String owner, long counter, long sinceNanos) {}

  LeaseTaker(LeaseTable table, String stream, String group, LeaseRenewer renewer,
      Map<String, Checkpoint> known, LongSupplier clock) {
    this.table = table;
    this.stream = stream;
    this.group = group;
    this.me = table.workerId();
    this.settings = table.leaseSettings();
    this.renewer = renewer;
    this.known = known;
    this.clock = clock;
  }

  /** One balancing round over the shards the stream lists: read, create, take and steal. */
  void balance(Map<String, Shard> shards) {
    List<Lease> leases = table.list(stream, group);
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
        created |= table.create(stream, group, s.shardId(), parents);
      }
    }
    if (created) {
      leases = table.list(stream, group);
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
        Seen s = before != null && before.counter() == l.counter() && Objects.equals(before.owner(), l.owner())
            ? before : new Seen(l.owner(), l.counter(), now);
        nowSeen.put(l.shardId(), s);
        if (l.isEnded() || !parentsDone(l, byShard, shards)) {
          continue;
        }
        boolean expired = l.owner() != null && !l.isOwnedBy(me)
            && now - s.sinceNanos() >= settings.failoverTime().toNanos();
        boolean mine = renewer.holds(l.shardId());
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
      if (table.requestHandOver(stream, group, l)) {
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
      if (parent != null ? !parent.isEnded() : listed.containsKey(p)) {
        return false;
      }
    }
    return true;
  }

  private void acquire(Lease expected, String why) {
    if (renewer.holds(expected.shardId())) {
      return;
    }
    long sent = clock.getAsLong();
    Optional<Lease> taken;
    try {
      taken = table.take(stream, group, expected);
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
    renewer.add(taken.get(), sent, why);
  }
}
