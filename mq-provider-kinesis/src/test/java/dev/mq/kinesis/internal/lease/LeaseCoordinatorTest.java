package dev.mq.kinesis.internal.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mq.kinesis.checkpoint.Checkpoint;
import dev.mq.kinesis.checkpoint.CheckpointStoreException;
import dev.mq.kinesis.internal.config.LeaseSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.Shard;

/** The coordinator's decisions, against an in-memory table and an injected clock. */
class LeaseCoordinatorTest {

  private static final Duration FAILOVER = Duration.ofSeconds(10);

  private final FakeLeaseTable table = new FakeLeaseTable(FAILOVER);
  private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
  private final AtomicLong clockA = new AtomicLong();
  private final AtomicLong clockB = new AtomicLong(1_000_000_000_000L); // clocks need not agree
  /** Closed after each test: each one owns its watchdog and renewal threads. */
  private final List<LeaseCoordinator> made = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** What a coordinator told its engine. */
  private static final class Events implements ShardOwnership.Listener {
    final Set<String> gained = ConcurrentHashMap.newKeySet();
    final Set<String> lost = ConcurrentHashMap.newKeySet();
    final Set<String> handOvers = ConcurrentHashMap.newKeySet();
    /** Every gained and lost event in order, e.g. "gained shard-0", "lost shard-0 #1". */
    final List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void gained(String shardId) {
      gained.add(shardId);
      log.add("gained " + shardId);
    }

    @Override
    public void lost(String shardId, long generation) {
      lost.add(shardId);
      log.add("lost " + shardId + " #" + generation);
    }

    @Override
    public void handOver(String shardId, long generation, Duration grace) {
      handOvers.add(shardId);
    }
  }

  @AfterEach
  void stop() {
    made.forEach(LeaseCoordinator::close);
    scheduler.shutdownNow();
  }

  private LeaseCoordinator coordinator(String worker, AtomicLong clock) {
    LeaseCoordinator c = new LeaseCoordinator(table.worker(worker), "stream", "group", scheduler, clock::get);
    made.add(c);
    return c;
  }

  private static List<Shard> shards(int n) {
    return java.util.stream.IntStream.range(0, n)
        .mapToObj(i -> Shard.builder().shardId("shard-" + i).build()).toList();
  }

  private void awaitLost(Events e, String shard) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!e.lost.contains(shard) && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(e.lost).contains(shard);
  }

  @Test
  void theFirstWorkerTakesEveryLeaseAtStart() {
    Events events = new Events();
    LeaseCoordinator a = coordinator("a", clockA);
    a.start(shards(4), events);
    assertThat(a.heldShards()).hasSize(4);
    assertThat(events.gained).hasSize(4);
    a.close();
  }

  @Test
  void aLeaseExpiresOnlyAfterItsCounterStoodStillForTheFailoverTimeOnTheObserversClock() {
    LeaseCoordinator a = coordinator("a", clockA);
    a.start(shards(1), new Events());
    LeaseCoordinator b = coordinator("b", clockB);
    Events eb = new Events();
    b.start(shards(1), eb); // one lease, two workers: b has nothing to ask for
    assertThat(b.heldShards()).isEmpty();

    // a keeps renewing: b's clock passes the failover time again and again, nothing expires
    for (int i = 0; i < 10; i++) {
      a.renew();
      clockB.addAndGet(FAILOVER.toNanos() / 2);
      b.balance();
    }
    assertThat(b.heldShards()).isEmpty();

    // a stops renewing (crashed): not expired just before the failover time on b's clock
    b.balance();
    clockB.addAndGet(FAILOVER.toNanos() - 1);
    b.balance();
    assertThat(b.heldShards()).isEmpty();
    clockB.addAndGet(1);
    b.balance();
    assertThat(b.heldShards()).as("a's lease is expired by b's clock").containsExactly("shard-0");
    assertThat(eb.gained).containsExactly("shard-0");
  }

  @Test
  void aBalancingWorkerAsksTheMostLoadedOneWhichHandsOverWithItsCheckpoint() throws Exception {
    LeaseCoordinator a = coordinator("a", clockA);
    Events ea = new Events();
    a.start(shards(4), ea);
    LeaseCoordinator b = coordinator("b", clockB);
    b.start(shards(4), new Events());
    long asked = List.of("shard-0", "shard-1", "shard-2", "shard-3").stream()
        .filter(s -> "b".equals(table.get(s).handoffTo())).count();
    assertThat(asked).as("one request per round (lease-max-steals)").isEqualTo(1);
    b.balance();
    assertThat(List.of("shard-0", "shard-1", "shard-2", "shard-3").stream()
        .filter(s -> "b".equals(table.get(s).handoffTo())).count())
        .as("a pending request counts as b's: 2 of 4 leases").isEqualTo(2);

    a.renew(); // a sees the requests
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (ea.handOvers.size() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(ea.handOvers).hasSize(2);
    for (String s : ea.handOvers) {
      a.handOver(s, java.util.Optional.of(Checkpoint.afterRecord("42")), List.of(DoneRange.of(Checkpoint.afterRecord("50"))));
      assertThat(table.get(s).owner()).isNull();
      assertThat(table.get(s).doneAhead()).containsExactly(DoneRange.of(Checkpoint.afterRecord("50")));
      assertThat(table.get(s).handoffTo()).as("reserved for b").isEqualTo("b");
      assertThat(table.get(s).checkpoint()).isEqualTo(Checkpoint.afterRecord("42"));
    }
    assertThat(a.heldShards()).hasSize(2);
    a.balance();
    assertThat(a.heldShards()).as("a does not take back what it handed over").hasSize(2);
    b.balance();
    assertThat(b.heldShards()).containsExactlyInAnyOrderElementsOf(ea.handOvers);
    assertThat(b.doneAheadOf(ea.handOvers.iterator().next())).containsExactly(DoneRange.of(Checkpoint.afterRecord("50")));
    assertThat(ea.lost).isEmpty();
  }

  @Test
  void aRequestThatIsNeverAnsweredEndsInAForcedTakeAfterTwiceTheFailoverTime() {
    LeaseCoordinator a = coordinator("a", clockA);
    a.start(shards(2), new Events());
    LeaseCoordinator b = coordinator("b", clockB);
    b.start(shards(2), new Events());
    for (int i = 0; i < 5; i++) { // a renews but never hands over
      a.renew();
      clockB.addAndGet(FAILOVER.toNanos() / 3);
      b.balance();
    }
    assertThat(b.heldShards()).as("within twice the failover time").isEmpty();
    a.renew();
    clockB.addAndGet(FAILOVER.toNanos() / 2);
    b.balance();
    assertThat(b.heldShards()).hasSize(1);
  }

  @Test
  void aWorkerThatLostItsLeaseCannotMoveTheCheckpoint() throws Exception {
    LeaseCoordinator a = coordinator("a", clockA);
    Events ea = new Events();
    a.start(shards(1), ea);
    a.save(Map.of("shard-0", Checkpoint.afterRecord("100")));
    // b takes the lease (as after a's expiry) and checkpoints further
    LeaseTable b = table.worker("b");
    Lease taken = b.take("stream", "group", table.get("shard-0")).orElseThrow();
    b.checkpoint("stream", "group", taken, Checkpoint.afterRecord("200"), false);

    a.save(Map.of("shard-0", Checkpoint.afterRecord("150")));
    assertThat(table.get("shard-0").checkpoint()).isEqualTo(Checkpoint.afterRecord("200"));
    awaitLost(ea, "shard-0");
    assertThat(a.mayRead("shard-0")).isFalse();
    a.save(Map.of("shard-0", Checkpoint.afterRecord("300"))); // skipped: not held any more
    assertThat(table.get("shard-0").checkpoint()).isEqualTo(Checkpoint.afterRecord("200"));
  }

  @Test
  void aRenewalThatFindsAnotherOwnerLosesTheLeaseAtOnce() throws Exception {
    LeaseCoordinator a = coordinator("a", clockA);
    Events ea = new Events();
    a.start(shards(1), ea);
    table.worker("b").take("stream", "group", table.get("shard-0")).orElseThrow();
    a.renew();
    awaitLost(ea, "shard-0");
  }

  @Test
  void renewalsFailingForTooLongGiveTheLeaseUpBeforeOthersMayTakeIt() throws Exception {
    LeaseCoordinator a = coordinator("a", clockA);
    Events ea = new Events();
    a.start(shards(1), ea);
    assertThat(a.unrenewedShards()).as("renewed at the start").isEmpty();
    table.unreachable = true;
    clockA.addAndGet(FAILOVER.minus(FAILOVER.dividedBy(4)).toNanos() - 1); // the hold time
    a.renew();
    assertThat(a.mayRead("shard-0")).as("still within the margin").isTrue();
    assertThat(a.unrenewedShards()).as("reported to monitoring while the renewal fails").containsExactly("shard-0");
    clockA.addAndGet(1);
    a.renew();
    awaitLost(ea, "shard-0");
  }

  @Test
  void aSavedShardEndHandsTheLeaseBackAndTheChildIsTakenOnlyThen() {
    Shard parent = Shard.builder().shardId("p").build();
    Shard child = Shard.builder().shardId("c").parentShardId("p").build();
    LeaseCoordinator a = coordinator("a", clockA);
    a.start(List.of(parent, child), new Events());
    assertThat(a.heldShards()).containsExactly("p");
    LeaseCoordinator b = coordinator("b", clockB);
    b.start(List.of(parent, child), new Events());
    assertThat(b.heldShards()).as("the child waits for its parent").isEmpty();

    a.save(Map.of("p", Checkpoint.shardEnd()));
    assertThat(table.get("p").owner()).isNull();
    assertThat(table.get("p").isEnded()).isTrue();
    b.balance(); // a balances at once on its own after a SHARD_END; one of them takes the child
    a.balance();
    assertThat(table.get("c").owner()).isIn("a", "b");
    assertThat(a.heldShards().size() + b.heldShards().size()).isEqualTo(1);
  }

  @Test
  void aChildOfAParentGoneFromTheStreamIsEligible() {
    Shard child = Shard.builder().shardId("c").parentShardId("expired-parent").build();
    LeaseCoordinator a = coordinator("a", clockA);
    a.start(List.of(child), new Events());
    assertThat(a.heldShards()).containsExactly("c");
  }

  @Test
  void closeHandsEveryLeaseBackSoOthersTakeThemAtOnce() {
    LeaseCoordinator a = coordinator("a", clockA);
    a.start(shards(3), new Events());
    a.close();
    assertThat(List.of("shard-0", "shard-1", "shard-2")).allSatisfy(s -> assertThat(table.get(s).owner()).isNull());
    LeaseCoordinator b = coordinator("b", clockB);
    b.start(shards(3), new Events());
    assertThat(b.heldShards()).hasSize(3);
  }

  @Test
  void aFailedCheckpointWriteIsReportedForRetry() {
    LeaseCoordinator a = coordinator("a", clockA);
    a.start(shards(1), new Events());
    table.unreachable = true;
    assertThatThrownBy(() -> a.save(Map.of("shard-0", Checkpoint.afterRecord("1"))))
        .isInstanceOf(CheckpointStoreException.class);
    table.unreachable = false;
    assertThat(a.mayRead("shard-0")).isTrue();
  }

  @Test
  void aHandOverThatIsRefusedStillFreesTheLeaseWithLess() {
    LeaseCoordinator a = coordinator("a", clockA);
    a.start(shards(2), new Events());
    table.maxDoneAhead = 1;
    List<DoneRange> two = List.of(DoneRange.of(Checkpoint.afterRecord("50")), DoneRange.of(Checkpoint.afterRecord("60")));
    a.handOver("shard-0", java.util.Optional.of(Checkpoint.afterRecord("42")), two);
    assertThat(table.get("shard-0").owner()).as("freed without the runs done ahead").isNull();
    assertThat(table.get("shard-0").checkpoint()).isEqualTo(Checkpoint.afterRecord("42"));
    assertThat(table.get("shard-0").doneAhead()).isEmpty();

    table.handOversFail = true;
    a.handOver("shard-1", java.util.Optional.of(Checkpoint.afterRecord("7")), List.of());
    assertThat(table.get("shard-1").owner()).as("freed without its last checkpoint").isNull();
    assertThat(a.heldShards()).isEmpty();
    a.close();
  }

  /**
   * Each coordinator owns its watchdog and renewal threads (the lease table holds none): they
   * start with it and end when it closes.
   */
  @Test
  void closingStopsTheWatchdogAndRenewalThreadsItStarted() throws Exception {
    Set<Thread> before = leaseThreads();
    LeaseCoordinator a = coordinator("a", clockA);
    a.start(shards(1), new Events());
    await("the watchdog thread started", () -> leaseThreads().stream().anyMatch(t -> !before.contains(t)
        && t.getName().startsWith("mq-kinesis-lease-renewer-")));
    clockA.addAndGet(FAILOVER.dividedBy(3).toNanos()); // a renewal is due: the watchdog starts it
    await("a renewal thread started", () -> leaseThreads().stream().anyMatch(t -> !before.contains(t)
        && t.getName().startsWith("mq-kinesis-lease-renewal-")));
    Set<Thread> started = leaseThreads();
    started.removeAll(before);
    a.close();
    await("the coordinator's threads ended", () -> started.stream().noneMatch(Thread::isAlive));
  }

  private static Set<Thread> leaseThreads() {
    Set<Thread> out = new java.util.HashSet<>();
    Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("mq-kinesis-lease-renew")).forEach(out::add);
    return out;
  }

  // ---- DynamoDB hanging, periodic tasks, late events

  private static void await(String what, java.util.function.BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      Thread.sleep(5);
    }
  }

  /**
   * DynamoDB black-holed: every call hangs. The holder must stop reading by its own clock once
   * its last successful renewal is older than the hold time, whatever the calls in flight do.
   */
  @Test
  void aHangingTableDoesNotKeepTheLeasesBeyondTheHoldTime() throws Exception {
    LeaseCoordinator a = coordinator("a", clockA);
    Events ea = new Events();
    a.start(shards(2), ea);
    table.hang = new java.util.concurrent.CountDownLatch(1);
    try {
      clockA.addAndGet(FAILOVER.dividedBy(3).toNanos()); // renewals are due: they hang
      await("a renewal hangs", () -> table.hanging.get() > 0);
      assertThat(a.mayRead("shard-0")).as("within the hold time").isTrue();
      // the failover time less the margin (a quarter) since the last successful renewal
      clockA.addAndGet(FAILOVER.minus(FAILOVER.dividedBy(4)).toNanos() - FAILOVER.dividedBy(3).toNanos());
      assertThat(a.mayRead("shard-0")).as("past the hold time, a call still in flight").isFalse();
      awaitLost(ea, "shard-0");
      awaitLost(ea, "shard-1");
      assertThat(table.hanging.get()).as("decided while the calls still hang").isPositive();
    } finally {
      table.hang.countDown();
    }
  }

  /** One lease whose calls hang must not hold back the renewal of the others. */
  @Test
  void oneHangingLeaseDoesNotDelayTheRenewalOfTheOthers() throws Exception {
    LeaseCoordinator a = coordinator("a", clockA);
    Events ea = new Events();
    List<Shard> shards = shards(8);
    a.start(shards, ea);
    Map<String, Long> before = new java.util.HashMap<>();
    shards.forEach(s -> before.put(s.shardId(), table.get(s.shardId()).counter()));
    table.hangShard = "shard-0";
    table.hang = new java.util.concurrent.CountDownLatch(1);
    try {
      clockA.addAndGet(FAILOVER.dividedBy(3).toNanos()); // renewals are due
      await("every other lease renewed while shard-0's call hangs", () -> shards.stream()
          .map(Shard::shardId).filter(s -> !s.equals("shard-0"))
          .allMatch(s -> table.get(s).counter() > before.get(s)));
      assertThat(table.hanging.get()).isEqualTo(1);
      assertThat(ea.lost).isEmpty();
    } finally {
      table.hang.countDown();
    }
  }

  /** An Error thrown inside a renewal or balancing round must not end the periodic tasks. */
  @Test
  void anErrorInAPeriodicRoundDoesNotStopRenewingOrBalancing() throws Exception {
    // a real clock: renew every second, balance every 1.5 s; generous for a loaded machine
    FakeLeaseTable fast = new FakeLeaseTable(Duration.ofSeconds(3));
    LeaseCoordinator a = new LeaseCoordinator(fast.worker("a"), "stream", "group", scheduler, System::nanoTime);
    made.add(a); // closed after the test even when it fails: the coordinator owns its threads
    Events ea = new Events();
    a.start(shards(1), ea);
    long counter = fast.get("shard-0").counter();
    fast.renewErrors.set(1); // the next renewal and balancing rounds throw an Error
    fast.listErrors.set(1);
    await("the injected errors thrown", () -> fast.renewErrors.get() == 0 && fast.listErrors.get() == 0);
    fast.put(new Lease("shard-9", null, 0, null, List.of()));
    await("a later balancing round takes a new free lease", () -> a.heldShards().contains("shard-9"));
    await("later renewals raise the counter", () -> fast.get("shard-0").counter() > counter + 3);
    assertThat(ea.lost).isEmpty();
    a.close();
  }

  /**
   * A lease lost and taken again: the engine must never hear of the loss after it heard of the
   * new take (a late "lost" would stop the new generation's reader).
   */
  @Test
  void aLossIsNeverReportedAfterTheLeaseWasTakenAgain() throws Exception {
    LeaseCoordinator a = coordinator("a", clockA);
    Events ea = new Events();
    a.start(shards(1), ea);
    java.util.concurrent.CountDownLatch busy = new java.util.concurrent.CountDownLatch(1);
    scheduler.execute(() -> { // the broker's scheduler is busy for a while
      try {
        busy.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    LeaseTable b = table.worker("b");
    Lease stolen = b.take("stream", "group", table.get("shard-0")).orElseThrow();
    a.renew(); // finds b's write: lost
    b.release("stream", "group", stolen);
    a.balance(); // free again: a takes it back
    busy.countDown();
    scheduler.submit(() -> { }).get(20, TimeUnit.SECONDS); // what was queued has run
    assertThat(ea.log).as("events in order").containsExactly("gained shard-0", "lost shard-0 #1", "gained shard-0");
    assertThat(a.generation("shard-0")).as("a new generation").isEqualTo(2);
  }

  /**
   * Discovery reads a held lease's checkpoint and done-ahead positions under the engine's lock:
   * those reads must not wait for a DynamoDB call in flight on the same lease.
   */
  @Test
  void readsOfAHeldLeaseDoNotWaitForACallInFlight() throws Exception {
    LeaseCoordinator a = coordinator("a", clockA);
    a.start(shards(1), new Events());
    a.save(Map.of("shard-0", Checkpoint.afterRecord("7")));
    table.hang = new java.util.concurrent.CountDownLatch(1);
    try {
      java.util.concurrent.CompletableFuture.runAsync(a::renew); // hangs holding the lease's writes
      await("a renewal hangs", () -> table.hanging.get() > 0);
      java.util.concurrent.CompletableFuture<Object> reads = java.util.concurrent.CompletableFuture.supplyAsync(
          () -> List.of(a.checkpointOf("shard-0"), a.doneAheadOf("shard-0"), a.mayRead("shard-0")));
      assertThat(reads.get(20, TimeUnit.SECONDS)).as("read while the call hangs")
          .isEqualTo(List.of(java.util.Optional.of(Checkpoint.afterRecord("7")), List.of(), true));
    } finally {
      table.hang.countDown();
    }
  }

  /** Balancing rounds may be asked for at once (periodic, soon, start): a lease is gained once. */
  @Test
  void overlappingBalancingRoundsTakeALeaseOnce() throws Exception {
    LeaseCoordinator a = coordinator("a", clockA);
    Events ea = new Events();
    a.start(List.of(), ea);
    table.hangShard = "shard-0";
    table.hang = new java.util.concurrent.CountDownLatch(1);
    // the first round is the one listed() asks for soon, on the scheduler (had the test started
    // one itself, which of the two hung first would be a race)
    a.listed(shards(1));
    await("the first round's take hangs", () -> table.hanging.get() > 0);
    java.util.concurrent.CompletableFuture<Void> second = java.util.concurrent.CompletableFuture.runAsync(a::balance);
    second.get(20, TimeUnit.SECONDS); // returns at once: the first round runs it again after itself
    table.hang.countDown();
    scheduler.submit(() -> { }).get(20, TimeUnit.SECONDS); // the first round, and the one after it, ended
    assertThat(ea.log).as("events").containsExactly("gained shard-0");
    assertThat(a.generation("shard-0")).isEqualTo(1);
    a.close();
  }

  /** A renewal started when due ends within the hold time even with the longest renew interval. */
  @Test
  void renewalsStartEarlyEnoughForTheHoldTimeWithTheLongestRenewInterval() {
    LeaseSettings s = LeaseSettings.of(Duration.ofSeconds(10), Duration.ofSeconds(5), null, 1);
    assertThat(s.renewDue().plus(s.checkInterval()).plus(s.callTimeout()))
        .as("latest end of a renewal").isLessThanOrEqualTo(s.holdTime());
    LeaseSettings d = LeaseSettings.defaults();
    assertThat(d.renewDue()).as("the default renew interval is early enough").isEqualTo(d.renewInterval());
  }
}
