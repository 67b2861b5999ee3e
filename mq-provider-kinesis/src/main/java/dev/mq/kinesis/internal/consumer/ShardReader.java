package dev.mq.kinesis.internal.consumer;

import dev.mq.DeadLetters;
import dev.mq.MessageTooLargeException;
import dev.mq.kinesis.checkpoint.Checkpoint;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * Reads one shard for one group. It is not a thread: each step (one fetch and the hand-over of
 * its records) runs as a task on the broker's shared scheduler, and the reader schedules its
 * next step itself: at least the fetcher's minimum interval after the previous fetch (200 ms for
 * GetRecords: Kinesis allows 5 calls per second per shard), after the fetcher's idle interval
 * when it is caught up, with growing back-off after throttling or errors, and not at all while
 * the read-ahead is full, no consuming queue instance is attached, or a subscription has nothing
 * yet (an acknowledgement, an attaching instance or an arriving event wakes it).
 *
 * <p>Only the fetching differs between polling and enhanced fan-out ({@link ShardFetcher}); the
 * read-ahead, hand-over, tracking and end-of-shard logic are here, for both.
 */
final class ShardReader {

  private static final Logger log = LoggerFactory.getLogger(ShardReader.class);
  /** First step of the exponential back-off after throttling or errors. */
  private static final long BACKOFF_BASE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
  private static final long PARKED = -1;

  private final GroupEngine engine;
  private final String shardId;
  private final ShardTracker tracker;
  private final StartPosition start;
  private final ShardFetcher fetcher;
  private final ArrayDeque<PendingMessage> pending = new ArrayDeque<>();
  private BigInteger lastReadSequence;
  private Checkpoint skipThrough;
  private boolean reachedEnd;
  private boolean ended;
  private int failures;

  // Scheduling state, guarded by this.
  private ScheduledFuture<?> scheduled;
  private boolean running;
  private boolean wakeRequested;
  private boolean stopped;
  private long lastCallNanos = System.nanoTime() - TimeUnit.SECONDS.toNanos(1);

  private record PendingMessage(InboundMessage message, String corruptReason) {}

  ShardReader(GroupEngine engine, String shardId, ShardTracker tracker, StartPosition start) {
    this.engine = engine;
    this.shardId = shardId;
    this.tracker = tracker;
    this.start = start;
    this.skipThrough = start.skipThrough();
    this.fetcher = engine.fetchers().open(shardId, start, this::wake);
  }

  String shardId() {
    return shardId;
  }

  ShardTracker tracker() {
    return tracker;
  }

  boolean isContinuous() {
    return start.isContinuous();
  }

  /** Runs a step as soon as the per-shard rate allows, unless one is running or due sooner. */
  synchronized void wake() {
    if (stopped || ended) {
      return;
    }
    if (running) {
      wakeRequested = true;
      return;
    }
    long delay = Math.max(0, lastCallNanos + fetcher.minIntervalNanos() - System.nanoTime());
    if (scheduled != null) {
      if (scheduled.getDelay(TimeUnit.NANOSECONDS) <= delay) {
        return;
      }
      scheduled.cancel(false);
    }
    scheduled = engine.scheduler().schedule(this::runStep, delay, TimeUnit.NANOSECONDS);
  }

  void stop() {
    synchronized (this) {
      stopped = true;
      if (scheduled != null) {
        scheduled.cancel(false);
        scheduled = null;
      }
    }
    fetcher.close();
  }

  private void runStep() {
    synchronized (this) {
      if (stopped || running) {
        return;
      }
      running = true;
      scheduled = null;
    }
    long next;
    try {
      next = step();
    } catch (RuntimeException | Error e) {
      next = backoff();
      if (engine.isClosed()) {
        return; // interrupted by close
      }
      log.warn("reading shard {} of stream {} failed; retrying in {} ms", shardId, engine.stream(),
          TimeUnit.NANOSECONDS.toMillis(next), e);
    }
    synchronized (this) {
      running = false;
      if (stopped || ended) {
        return;
      }
      if (wakeRequested) {
        wakeRequested = false;
        long earliest = Math.max(0, lastCallNanos + fetcher.minIntervalNanos() - System.nanoTime());
        next = next == PARKED ? earliest : Math.min(next, Math.max(earliest, 0));
      }
      if (next != PARKED) {
        scheduled = engine.scheduler().schedule(this::runStep, next, TimeUnit.NANOSECONDS);
      }
    }
  }

  /** One step; returns the delay before the next, in nanoseconds, or PARKED. */
  private long step() {
    if (!engine.isActive()) {
      return PARKED;
    }
    if (!handOverPending()) {
      return backoff();
    }
    if (ended) {
      return PARKED;
    }
    if (reachedEnd) {
      return endOfShard();
    }
    if (tracker.isFull(engine.settings().readAheadRecords(), engine.settings().readAheadBytes())) {
      return PARKED; // an acknowledgement wakes us
    }
    synchronized (this) {
      lastCallNanos = System.nanoTime();
    }
    Fetch fetch;
    try {
      fetch = fetcher.fetch(tracker.room(engine.settings().readAheadRecords()));
    } catch (RuntimeException e) {
      long delay = backoff();
      if (engine.isClosed()) {
        return PARKED;
      }
      log.warn("reading shard {} of stream {} failed; retrying in {} ms: {}", shardId,
          engine.stream(), TimeUnit.NANOSECONDS.toMillis(delay), e.toString());
      return delay;
    }
    switch (fetch.kind()) {
      case PENDING:
        return PARKED; // the fetcher wakes us when something arrives
      case RETRY:
        return fetcher.minIntervalNanos();
      case THROTTLED:
        long delay = backoff();
        log.debug("shard {} of stream {} throttled; backing off {} ms", shardId, engine.stream(),
            TimeUnit.NANOSECONDS.toMillis(delay));
        return delay;
      case RECORDS:
      default:
        break;
    }
    failures = 0;
    for (Record r : fetch.records()) {
      BigInteger sequence = new BigInteger(r.sequenceNumber());
      if (lastReadSequence != null && sequence.compareTo(lastReadSequence) <= 0) {
        continue; // a renewed subscription may start at the last record read
      }
      map(r);
      lastReadSequence = sequence;
    }
    reachedEnd = fetch.endOfShard();
    if (!handOverPending()) {
      return backoff();
    }
    if (reachedEnd) {
      return endOfShard();
    }
    return fetch.caughtUp() ? fetcher.idleIntervalNanos() : fetcher.minIntervalNanos();
  }

  private long endOfShard() {
    ended = true;
    log.debug("shard {} of stream {} is closed; read to its end", shardId, engine.stream());
    tracker.markEnded();
    engine.shardProgress(this);
    return PARKED;
  }

  private void map(Record r) {
    for (MappedRecord mr : engine.mapper().map(shardId, r)) {
      if (covered(r.sequenceNumber(), mr.subSequenceNumber())) {
        continue;
      }
      InboundMessage m = new InboundMessage(shardId, r.sequenceNumber(), mr.subSequenceNumber(),
          mr.lastOfRecord(), mr.envelope(), mr.size());
      pending.addLast(new PendingMessage(m, mr.corruptReason()));
    }
  }

  private boolean covered(String sequenceNumber, long subSequenceNumber) {
    if (skipThrough == null) {
      return false;
    }
    int c = new BigInteger(sequenceNumber).compareTo(new BigInteger(skipThrough.sequenceNumber()));
    if (c > 0) {
      skipThrough = null; // past the resumed aggregate: nothing more to skip
      return false;
    }
    return c < 0 || subSequenceNumber <= skipThrough.subSequenceNumber();
  }

  /**
   * Hands read messages to the tracker and dispatcher, dead-lettering corrupt ones when a
   * dead-letter queue is configured.
   *
   * @return false when a dead-letter write failed; the rest stays pending for the next step
   */
  private boolean handOverPending() {
    PendingMessage p;
    while ((p = pending.peekFirst()) != null) {
      InboundMessage m = p.message();
      boolean tooLargeToDeadLetter = false;
      if (p.corruptReason() != null && engine.deadLetters().isConfigured()) {
        try {
          engine.deadLetters().send(DeadLetters.envelopeFor(m.envelope(), engine.queueName(),
              engine.group(), p.corruptReason()));
          log.warn("dead-lettered the corrupt {} of stream {}: {}", m, engine.stream(), p.corruptReason());
          pending.pollFirst();
          tracker.addDone(m);
          engine.shardProgress(this);
          continue;
        } catch (MessageTooLargeException e) {
          // Another producer's record within a few KiB of the record limit: with the dead-letter
          // properties it can never fit, so retrying would stop the shard here for good.
          tooLargeToDeadLetter = true;
        } catch (RuntimeException e) {
          log.warn("could not dead-letter the corrupt {} of stream {}; retrying", m, engine.stream(), e);
          return false;
        }
      }
      if (p.corruptReason() != null) {
        log.warn("delivering the corrupt {} of stream {} raw ({}): {}", m, engine.stream(),
            tooLargeToDeadLetter ? "too large for a dead letter" : "no dead-letter queue",
            p.corruptReason());
      }
      pending.pollFirst();
      tracker.add(m);
      engine.dispatcher().offer(m);
    }
    return true;
  }

  private long backoff() {
    failures = Math.min(failures + 1, 30);
    long cap = engine.settings().readBackoffMax().toNanos();
    long base = Math.min(cap, BACKOFF_BASE_NANOS << Math.min(failures - 1, 20));
    // full jitter between half and all of the exponential step keeps shards from retrying in step
    return base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
  }

  @Override
  public String toString() {
    return "ShardReader[" + engine.stream() + "/" + shardId + ", group " + engine.group() + "]";
  }
}
