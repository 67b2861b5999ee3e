package dev.mq.kinesis.internal.lease;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.kinesis.internal.lease.BalancePlan.Candidate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BalancePlanTest {

  private final Random random = new Random(42);

  private static List<Candidate> owned(Map<String, Integer> counts, int free) {
    List<Candidate> out = new ArrayList<>();
    int n = 0;
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      for (int i = 0; i < e.getValue(); i++) {
        out.add(new Candidate("s" + n++, e.getKey(), false));
      }
    }
    for (int i = 0; i < free; i++) {
      out.add(new Candidate("s" + n++, null, false));
    }
    return out;
  }

  @Test
  void aLoneWorkerTakesEveryFreeLease() {
    BalancePlan plan = BalancePlan.plan("me", owned(Map.of(), 6), 1, random);
    assertThat(plan.take()).hasSize(6);
    assertThat(plan.steal()).isEmpty();
  }

  @Test
  void takesFreeLeasesOnlyUpToTheCeilingOfItsShare() {
    // 7 leases, 2 workers (other holds 2, 5 free): ceil(7/2) = 4
    BalancePlan plan = BalancePlan.plan("me", owned(Map.of("other", 2), 5), 1, random);
    assertThat(plan.take()).hasSize(4);
    assertThat(plan.steal()).isEmpty();
  }

  @Test
  void expiredLeasesAreTakenLikeFreeOnes() {
    List<Candidate> leases = List.of(new Candidate("a", "dead", true), new Candidate("b", "dead", true),
        new Candidate("c", "me", false));
    BalancePlan plan = BalancePlan.plan("me", leases, 1, random);
    // the dead worker does not count: 3 leases, 1 worker
    assertThat(plan.take()).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void stealsAtMostTheBoundFromTheMostLoadedWorker() {
    // 6 leases: busy 5, other 1, me 0 -> floor 2; one steal per round, from busy
    BalancePlan plan = BalancePlan.plan("me", owned(Map.of("busy", 5, "other", 1), 0), 1, random);
    assertThat(plan.take()).isEmpty();
    assertThat(plan.steal()).hasSize(1);
    assertThat(Integer.parseInt(plan.steal().get(0).substring(1))).as("a lease of 'busy'").isLessThan(5);
  }

  @Test
  void aHigherBoundStillTakesAtMostHalfTheDifference() {
    // 6 leases, busy 6, me 0: at most 3 even with a bound of 10
    BalancePlan plan = BalancePlan.plan("me", owned(Map.of("busy", 6), 0), 10, random);
    assertThat(plan.steal()).hasSize(3);
    // 5 leases, 3 workers: 3,1,me 1 -> ceil 2; 3 is two more than 1: one lease
    List<Candidate> leases = owned(Map.of("busy", 3, "other", 1), 0);
    leases.add(new Candidate("mine", "me", false));
    assertThat(BalancePlan.plan("me", leases, 10, random).steal()).hasSize(1);
  }

  @Test
  void noStealWhenTheMostLoadedHoldsLessThanTwoMore() {
    // 6 leases, 4 workers: 2,2,2,0 -> me steals one (2 >= 0 + 2)
    Map<String, Integer> counts = new HashMap<>(Map.of("a", 2, "b", 2, "c", 2));
    assertThat(BalancePlan.plan("me", owned(counts, 0), 1, random).steal()).hasSize(1);
    // 2,2,1,1 is balanced: a worker with 1 (the floor) steals nothing
    counts = new HashMap<>(Map.of("a", 2, "b", 2, "c", 1));
    List<Candidate> leases = owned(counts, 0);
    leases.add(new Candidate("mine", "me", false));
    assertThat(BalancePlan.plan("me", leases, 1, random).isEmpty()).isTrue();
  }

  @Test
  void aWorkerThatAskedForALeaseCountsAsLiveSoTheGiverDoesNotTakeItBack() {
    // 'me' held 6 and handed shard s0 over to 'new' (free now); 'new' still waits for s1
    List<Candidate> leases = new ArrayList<>();
    leases.add(new Candidate("s0", null, false));
    leases.add(new Candidate("s1", "me", false, "new"));
    for (int i = 2; i < 6; i++) {
      leases.add(new Candidate("s" + i, "me", false));
    }
    assertThat(BalancePlan.plan("me", leases, 1, random).isEmpty())
        .as("two workers: 5 held is above the target of 3").isTrue();
  }

  @Test
  void aLeaseHandedOverToAnotherWorkerIsLeftToIt() {
    List<Candidate> leases = List.of(new Candidate("s0", null, false, "asker"), new Candidate("s1", null, false));
    assertThat(BalancePlan.plan("me", leases, 1, random).take()).containsExactly("s1");
    assertThat(BalancePlan.plan("asker", leases, 1, random).take()).contains("s0");
  }

  @Test
  void withoutStealsAllowedNothingIsStolen() {
    assertThat(BalancePlan.plan("me", owned(Map.of("busy", 6), 0), 0, random).isEmpty()).isTrue();
  }

  @Test
  void workersConvergeToFloorOrCeilingWithoutPingPong() {
    // Simulate N workers planning in turn on a shared view; every lease starts with one worker.
    for (int shards : new int[] {1, 5, 6, 7, 12, 13}) {
      for (int workers = 1; workers <= 5; workers++) {
        Map<String, String> owner = new HashMap<>();
        for (int s = 0; s < shards; s++) {
          owner.put("s" + s, "w0");
        }
        int moves = 0;
        for (int round = 0; round < 50; round++) {
          for (int w = 0; w < workers; w++) {
            String me = "w" + w;
            List<Candidate> view = new ArrayList<>();
            owner.forEach((s, o) -> view.add(new Candidate(s, o, false)));
            BalancePlan plan = BalancePlan.plan(me, view, 1, random);
            for (String s : plan.take()) {
              owner.put(s, me);
              moves++;
            }
            for (String s : plan.steal()) {
              owner.put(s, me);
              moves++;
            }
          }
        }
        Map<String, Integer> load = new HashMap<>();
        owner.values().forEach(o -> load.merge(o, 1, Integer::sum));
        int floor = shards / workers;
        int ceil = (shards + workers - 1) / workers;
        int holders = Math.min(workers, shards);
        assertThat(load).as("%d shards, %d workers: %s", shards, workers, load).hasSize(holders);
        assertThat(load.values()).allSatisfy(c -> assertThat(c).isBetween(Math.max(1, floor), ceil));
        // each lease moves at most once per worker that ends up holding it: no storms
        assertThat(moves).as("moves for %d shards, %d workers", shards, workers).isLessThanOrEqualTo(shards);
      }
    }
  }
}
