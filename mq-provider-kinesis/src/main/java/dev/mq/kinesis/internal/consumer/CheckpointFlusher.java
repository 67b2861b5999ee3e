package dev.mq.kinesis.internal.consumer;

import dev.mq.kinesis.checkpoint.Checkpoint;
import dev.mq.kinesis.internal.lease.ShardOwnership;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one stream and group's changed checkpoints to the store, debounced: a change asks for
 * a write after the checkpoint interval (at once for an ended shard or the last detach), and
 * at most one write task is queued or running per group, so that a slow store never piles
 * writes up on the scheduler's threads, where they would starve the shard readers. A write that
 * fails (with anything, an Error too) is retried; nothing else would ever retry it.
 *
 * <p>It also owns the group's write lock: every store write of the group (these flushes, stored
 * start times, hand-overs) goes through {@link #write}, so that the writes reach the store in
 * order; other groups' writes never wait for these.
 */
final class CheckpointFlusher {

  // The engine's category, so that logging set up for the engine still applies.
  private static final Logger log = LoggerFactory.getLogger(GroupEngine.class);

  private final String stream;
  private final String group;
  private final ScheduledExecutorService scheduler;
  private final ShardOwnership ownership;
  private final long intervalNanos;
  private final Supplier<Collection<ShardReader>> readers;
  /** Serializes this stream and group's store writes. */
  private final Object writes = new Object();

  // Guarded by this.
  private boolean closed;
  /** The flush scheduled and not yet started, if any. */
  private ScheduledFuture<?> flush;
  /** Whether the scheduled flush task is running now. */
  private boolean flushRunning;
  /**
   * The delay of the flush that a change or a retry asked for while one was running (it may
   * have taken its changes already), started when that one ends; negative for none.
   */
  private long flushAgainNanos = -1;

  /** {@code readers}: the running readers, whose trackers hold the changes. */
  CheckpointFlusher(String stream, String group, ScheduledExecutorService scheduler,
      ShardOwnership ownership, Duration checkpointInterval, Supplier<Collection<ShardReader>> readers) {
    this.stream = stream;
    this.group = group;
    this.scheduler = scheduler;
    this.ownership = ownership;
    this.intervalNanos = checkpointInterval.toNanos();
    this.readers = readers;
  }

  /** A checkpoint may have moved: write it at once ({@code now}) or after the interval. */
  synchronized void changed(boolean now) {
    schedule(now ? 0 : intervalNanos);
  }

  // Guarded by this.
  private void schedule(long delayNanos) {
    if (closed) {
      return;
    }
    if (flushRunning) {
      flushAgainNanos = flushAgainNanos < 0 ? delayNanos : Math.min(flushAgainNanos, delayNanos);
      return;
    }
    if (flush != null && !flush.isDone()) {
      if (flush.getDelay(TimeUnit.NANOSECONDS) <= delayNanos) {
        return; // the one scheduled runs soon enough
      }
      flush.cancel(false);
    }
    flush = scheduler.schedule(this::flushQuietly, delayNanos, TimeUnit.NANOSECONDS);
  }

  private void flushQuietly() {
    synchronized (this) {
      flushRunning = true;
      flush = null;
    }
    try {
      flush();
    } catch (Throwable e) { // an Error too: nothing else would ever retry this flush
      log.warn("could not save the checkpoints of stream {} for group {}; retrying", stream, group, e);
      synchronized (this) {
        schedule(Math.max(intervalNanos, TimeUnit.SECONDS.toNanos(1)));
      }
    } finally {
      synchronized (this) {
        flushRunning = false;
        long again = flushAgainNanos;
        flushAgainNanos = -1;
        if (again >= 0) {
          schedule(again);
        }
      }
    }
  }

  /** Writes every changed checkpoint to the store now. */
  void flush() {
    synchronized (writes) { // one write per stream and group at a time, in order
      Map<String, Checkpoint> changed = new LinkedHashMap<>();
      List<ShardTracker> from = new ArrayList<>();
      for (ShardReader r : readers.get()) {
        Optional<Checkpoint> cp = r.tracker().takeChanged();
        if (cp.isPresent()) {
          changed.put(r.shardId(), cp.get());
          from.add(r.tracker());
        }
      }
      if (changed.isEmpty()) {
        return;
      }
      try {
        ownership.save(changed);
      } catch (Throwable e) { // an Error too: the retry must find these changes
        from.forEach(ShardTracker::markChanged);
        throw e;
      }
      log.trace("saved checkpoints of stream {} for group {}: {}", stream, group, changed);
    }
  }

  /** Runs another store write of the group, in order with the flushes. */
  void write(Runnable write) {
    synchronized (writes) {
      write.run();
    }
  }

  /** No flush is scheduled any more; one running now ends normally. */
  synchronized void stop() {
    closed = true;
    if (flush != null) {
      flush.cancel(false);
    }
  }
}
