package dev.mq.kinesis.internal.lease;

import dev.mq.kinesis.checkpoint.Checkpoint;
import dev.mq.kinesis.checkpoint.CheckpointStoreException;
import dev.mq.kinesis.internal.config.LeaseSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A lease table in memory with the same conditional writes as the DynamoDB one, for one stream
 * and group; {@link #worker} gives each worker its own {@link LeaseTable} view of it.
 */
final class FakeLeaseTable {

  private final Map<String, Lease> items = new TreeMap<>();
  private final LeaseSettings settings;
  volatile boolean unreachable;
  /** A hand-over with more runs done ahead than this fails, as an item over 400 KB would. */
  volatile int maxDoneAhead = Integer.MAX_VALUE;
  /** Every hand-over fails (releases still work). */
  volatile boolean handOversFail;
  /** While set, calls (of {@link #hangShard} only, unless null) block until it is counted down. */
  volatile java.util.concurrent.CountDownLatch hang;
  volatile String hangShard;
  /** Calls that are blocked by {@link #hang} now. */
  final java.util.concurrent.atomic.AtomicInteger hanging = new java.util.concurrent.atomic.AtomicInteger();
  /** The next this many list calls throw an {@link Error}. */
  final java.util.concurrent.atomic.AtomicInteger listErrors = new java.util.concurrent.atomic.AtomicInteger();
  /** The next this many renew calls throw an {@link Error}. */
  final java.util.concurrent.atomic.AtomicInteger renewErrors = new java.util.concurrent.atomic.AtomicInteger();

  FakeLeaseTable(Duration failover) {
    // renew and balance run only when a test calls them
    this.settings = new LeaseSettings(failover, failover.dividedBy(3), failover.dividedBy(2), 1);
  }

  synchronized Lease get(String shard) {
    return items.get(shard);
  }

  synchronized void put(Lease lease) {
    items.put(lease.shardId(), lease);
  }

  LeaseTable worker(String id) {
    return new LeaseTable() {
      @Override
      public String workerId() {
        return id;
      }

      @Override
      public LeaseSettings leaseSettings() {
        return settings;
      }

      @Override
      public List<Lease> list(String stream, String group) {
        maybeFail(listErrors, "the table");
        synchronized (FakeLeaseTable.this) {
          check();
          return new ArrayList<>(items.values());
        }
      }

      @Override
      public boolean create(String stream, String group, String shardId, List<String> parents) {
        synchronized (FakeLeaseTable.this) {
          check();
          return items.putIfAbsent(shardId, new Lease(shardId, null, 0, null, parents)) == null;
        }
      }

      @Override
      public Optional<Lease> take(String stream, String group, Lease expected) {
        return write(expected, false, l -> new Lease(l.shardId(), id, l.counter() + 1, l.checkpoint(),
            l.parentShardIds(), null, l.doneAhead()));
      }

      @Override
      public boolean requestHandOver(String stream, String group, Lease expected) {
        return expected.owner() != null && write(expected, false, l -> l.isOwnedBy(expected.owner())
            ? new Lease(l.shardId(), l.owner(), l.counter(), l.checkpoint(), l.parentShardIds(), id, l.doneAhead())
            : l).filter(l -> id.equals(l.handoffTo())).isPresent();
      }

      @Override
      public Optional<Lease> renew(String stream, String group, Lease held) {
        maybeFail(renewErrors, held.shardId());
        return write(held, true, l -> new Lease(l.shardId(), id, l.counter() + 1, l.checkpoint(),
            l.parentShardIds(), l.handoffTo(), l.doneAhead()));
      }

      @Override
      public Optional<Lease> checkpoint(String stream, String group, Lease held, Checkpoint cp, boolean release) {
        return write(held, true, l -> new Lease(l.shardId(), release ? null : id,
            release ? l.counter() + 1 : l.counter(), cp, l.parentShardIds(), release ? null : l.handoffTo(),
            l.doneAhead()));
      }

      @Override
      public boolean release(String stream, String group, Lease held) {
        return write(held, true, l -> new Lease(l.shardId(), null, l.counter() + 1, l.checkpoint(),
            l.parentShardIds(), null, l.doneAhead())).isPresent();
      }

      @Override
      public boolean handOver(String stream, String group, Lease held, Checkpoint last,
          List<dev.mq.kinesis.internal.lease.DoneRange> doneAhead) {
        if (handOversFail || doneAhead.size() > maxDoneAhead) {
          throw new CheckpointStoreException("the hand-over was refused (test)");
        }
        return write(held, true, l -> new Lease(l.shardId(), null, l.counter() + 1,
            last != null ? last : l.checkpoint(), l.parentShardIds(), l.handoffTo(), doneAhead)).isPresent();
      }

      private Optional<Lease> write(Lease expected, boolean mustOwn, java.util.function.UnaryOperator<Lease> change) {
        maybeHang(expected.shardId());
        synchronized (FakeLeaseTable.this) {
          check();
          Lease now = items.get(expected.shardId());
          if (now == null || now.counter() != expected.counter() || (mustOwn && !now.isOwnedBy(id))) {
            return Optional.empty();
          }
          Lease next = change.apply(now);
          items.put(next.shardId(), next);
          return Optional.of(next);
        }
      }

      /** Outside the table's lock, as a call stuck on the network holds no lock of the table. */
      private void maybeHang(String shardId) {
        java.util.concurrent.CountDownLatch h = hang;
        String only = hangShard;
        if (h == null || (only != null && !only.equals(shardId))) {
          return;
        }
        hanging.incrementAndGet();
        try {
          h.await(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new CheckpointStoreException("interrupted (test)", e);
        } finally {
          hanging.decrementAndGet();
        }
      }

      private void maybeFail(java.util.concurrent.atomic.AtomicInteger errors, String what) {
        if (errors.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          throw new Error("injected (test) in a call for " + what);
        }
      }

      private void check() {
        if (unreachable) {
          throw new CheckpointStoreException("table unreachable (test)");
        }
      }
    };
  }
}
