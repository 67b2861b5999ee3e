package dev.mq.kinesis.internal.lease;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * What one worker does in one balancing round, decided from what it sees in the lease table.
 *
 * <p>With {@code L} leases that need an owner (not ended, parents ended) and {@code N} live
 * workers (owners of unexpired leases, workers that asked for one, plus this one), the target is {@code ceil(L/N)}:
 * <ol>
 *   <li>a worker takes free and expired leases while it holds fewer than the target;
 *   <li>only when there was nothing to take, it asks the most loaded worker for leases, and only
 *       when that worker holds at least two more than itself: at most {@code maxSteals} per
 *       round, and at most half the difference.
 * </ol>
 * A move therefore never inverts an imbalance (the victim keeps at least as many as the taker
 * then holds), so no lease moves back and forth, and at most {@code maxSteals} leases per
 * worker change hands per round. When no worker holds two more than another, each holds
 * {@code floor(L/N)} or {@code ceil(L/N)}.
 *
 * @param take free or expired leases to take
 * @param steal live leases of another worker to ask for (the owner hands them over)
 */
record BalancePlan(List<String> take, List<String> steal) {

  /**
   * A lease as the planner sees it; a lease this worker asked for counts as its own while the
   * owner hands it over.
   */
  public record Candidate(String shardId, String owner, boolean expired, String requester) {

    /** A lease nobody asked for. */
    public Candidate(String shardId, String owner, boolean expired) {
      this(shardId, owner, expired, null);
    }

    boolean isFree() {
      return owner == null || expired;
    }
  }

  /** {@return true when there is nothing to do} */
  public boolean isEmpty() {
    return take.isEmpty() && steal.isEmpty();
  }

  /**
   * Plans a round for {@code me}.
   *
   * @param leases every lease that needs an owner (ended and not-yet-eligible ones left out)
   * @param random picks among equal candidates, so that workers starting together spread out
   */
  public static BalancePlan plan(String me, List<Candidate> leases, int maxSteals, Random random) {
    Set<String> workers = new HashSet<>();
    workers.add(me);
    int mine = 0;
    List<String> free = new ArrayList<>();
    Map<String, List<String>> byOwner = new HashMap<>();
    for (Candidate c : leases) {
      if (c.requester() != null && !c.expired()) {
        workers.add(c.requester()); // a worker waiting for a hand-over is alive, with no lease yet
      }
      if (me.equals(c.owner()) && !c.expired()) {
        mine++;
      } else if (c.isFree()) {
        if (c.owner() == null && c.requester() != null && !c.requester().equals(me)) {
          continue; // handed over to the worker that asked for it: that one takes it
        }
        free.add(c.shardId());
      } else {
        workers.add(c.owner());
        byOwner.computeIfAbsent(c.owner(), k -> new ArrayList<>()).add(c.shardId());
      }
    }
    int total = leases.size();
    int n = workers.size();
    int ceil = (total + n - 1) / n;
    if (mine < ceil && !free.isEmpty()) {
      Collections.shuffle(free, random);
      return new BalancePlan(List.copyOf(free.subList(0, Math.min(free.size(), ceil - mine))), List.of());
    }
    if (mine >= ceil || maxSteals <= 0) {
      return new BalancePlan(List.of(), List.of());
    }
    String victim = null;
    int most = -1;
    List<String> owners = new ArrayList<>(byOwner.keySet());
    Collections.sort(owners); // ties go to the same victim on every worker's plan
    for (String o : owners) {
      if (byOwner.get(o).size() > most) {
        most = byOwner.get(o).size();
        victim = o;
      }
    }
    if (victim == null || most < mine + 2) {
      return new BalancePlan(List.of(), List.of());
    }
    int count = Math.min(maxSteals, (most - mine) / 2);
    List<String> theirs = new ArrayList<>(byOwner.get(victim));
    Collections.shuffle(theirs, random);
    return new BalancePlan(List.of(), List.copyOf(theirs.subList(0, count)));
  }
}
