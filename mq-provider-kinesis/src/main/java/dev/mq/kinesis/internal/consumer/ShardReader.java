package dev.mq.kinesis.internal.consumer;

import dev.mq.DeadLetters;
import dev.mq.MessageTooLargeException;
import dev.mq.kinesis.checkpoint.Checkpoint;
import dev.mq.spi.Backoff;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
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
 * <p>A step is all-or-nothing per message: the records of a fetch are held here until every
 * message of them is taken, so a step that fails half-way (an Error, a mapper that throws, a
 * malformed sequence number) loses nothing, and the tracker's checkpoint never passes a record it
 * did not hold. Messages are taken while the read-ahead has room, one at a time, so a KPL
 * aggregate of many user records stops inside at the limit and goes on after acknowledgements.
 *
 * <p>Only the fetching differs between polling and enhanced fan-out ({@link ShardFetcher}); the
 * read-ahead, hand-over, tracking and end-of-shard logic are here, for both.
 *
 * <p>It is longer than most classes here (about 400 lines) because one step's parts share the
 * records it holds and the scheduling state: split apart, the all-or-nothing rule above would
 * span classes. Which readers run, and when they stop, is up to {@link ShardReaders}.
 */
final class ShardReader {

  private static final Logger log = LoggerFactory.getLogger(ShardReader.class);
  /** First step of the exponential back-off after throttling or errors. */
  private static final Duration BACKOFF_FIRST = Duration.ofMillis(200);
  private static final long PARKED = -1;

  private final GroupEngine engine;
  private final String shardId;
  private final ShardTracker tracker;
  private final StartPosition start;
  private final ShardFetcher fetcher;
  private final ArrayDeque<PendingMessage> pending = new ArrayDeque<>();
  private final Backoff backoff;
  // Records fetched and not opened yet, and the record whose messages are being taken: the
  // fetcher has moved past them, so they stay here until every message of them is taken.
  private final ArrayDeque<Record> unread = new ArrayDeque<>();
  private Record current;
  private MappedRecords messages;
  private long nextSubSequence;
  private BigInteger lastReadSequence;
  private Checkpoint skipThrough;
  private boolean reachedEnd;
  private boolean ended;
  // Written by the step (one at a time), read by monitoring (ShardStats).
  private volatile int failures;
  private volatile long millisBehindLatest = -1;
  private volatile long throttles;

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
    this.backoff = new Backoff(BACKOFF_FIRST, engine.settings().readBackoffMax());
  }

  String shardId() {
    return shardId;
  }

  ShardTracker tracker() {
    return tracker;
  }

  /** What monitoring reads: lag, throttles, failures in a row and messages held. */
  ShardStats stats() {
    return new ShardStats(shardId, millisBehindLatest, throttles, failures,
        tracker.outstandingCount());
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
    if (!engine.mayRead(shardId)) {
      return PARKED; // the lease is past its hold time: the loss, when heard, stops this reader
    }
    if (!handOverPending()) {
      return backoff();
    }
    if (ended) {
      return PARKED;
    }
    if (!takeHeld()) {
      return backoff();
    }
    if (holdsUnread()) {
      return PARKED; // the read-ahead is full: an acknowledgement wakes us
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
        throttles++;
        long delay = backoff();
        log.debug("shard {} of stream {} throttled; backing off {} ms", shardId, engine.stream(),
            TimeUnit.NANOSECONDS.toMillis(delay));
        return delay;
      case RECORDS:
      default:
        break;
    }
    failures = 0;
    if (fetch.millisBehindLatest() >= 0) {
      millisBehindLatest = fetch.millisBehindLatest();
    }
    // Held before anything is mapped: whatever fails from here on, the records stay here and
    // the next step goes on with them; the fetcher is not asked again until all are taken.
    unread.addAll(fetch.records());
    reachedEnd = fetch.endOfShard();
    if (!takeHeld()) {
      return backoff();
    }
    if (holdsUnread()) {
      return PARKED;
    }
    if (reachedEnd) {
      return endOfShard();
    }
    return fetch.caughtUp() ? fetcher.idleIntervalNanos() : fetcher.minIntervalNanos();
  }

  private long endOfShard() {
    ended = true;
    log.debug("shard {} of stream {} is closed; read to its end", shardId, engine.stream());
    tracker.markClosed();
    engine.shardProgress(this);
    return PARKED;
  }

  /** True while records (or the rest of an aggregate) are held that no message was taken of. */
  private boolean holdsUnread() {
    return messages != null || !unread.isEmpty();
  }

  /**
   * Takes the messages of the held records, one at a time, while the read-ahead has room: each
   * goes to the tracker and the dispatcher as soon as it is made, so a step that fails half-way
   * has handed over exactly the messages before the failure and still holds the rest. The
   * limits are checked before each message, so an aggregate of many user records stops inside
   * and goes on after acknowledgements.
   *
   * @return false when a dead-letter write failed; that message stays pending
   * @throws IllegalStateException for a record with a malformed sequence number (it stays held)
   */
  private boolean takeHeld() {
    int maxRecords = engine.settings().readAheadRecords();
    long maxBytes = engine.settings().readAheadBytes();
    while (!tracker.isFull(maxRecords, maxBytes) && !isStopped()) {
      if (messages == null && !openNext()) {
        return true;
      }
      if (!messages.hasNext()) {
        messages = null;
        current = null;
        continue;
      }
      MappedRecord mr = nextMessage();
      if (covered(current.sequenceNumber(), mr.subSequenceNumber())) {
        continue;
      }
      InboundMessage m = new InboundMessage(shardId, current.sequenceNumber(), mr.subSequenceNumber(),
          mr.lastOfRecord(), mr.envelope(), InboundMessage.retainedBytes(mr.envelope()));
      pending.addLast(new PendingMessage(m, mr.corruptReason()));
      if (!handOverPending()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Opens the first unread record. A record the mapper throws for becomes one corrupt message;
   * a malformed sequence number or an Error leaves the record first in line for the next step.
   *
   * @return false when no record is held
   */
  private boolean openNext() {
    Record r;
    while ((r = unread.peekFirst()) != null) {
      BigInteger sequence = sequenceOf(r);
      if (lastReadSequence != null && sequence.compareTo(lastReadSequence) <= 0) {
        unread.pollFirst(); // a renewed subscription may start at the last record read
        continue;
      }
      MappedRecords opened;
      try {
        opened = engine.mapper().map(shardId, r);
      } catch (RuntimeException e) {
        opened = MappedRecords.of(List.of(unmappable(r, 0, e)));
      }
      unread.pollFirst();
      current = r;
      messages = opened;
      nextSubSequence = 0;
      lastReadSequence = sequence;
      return true;
    }
    return false;
  }

  /** The next message of the current record; its rest becomes one corrupt message if it fails. */
  private MappedRecord nextMessage() {
    MappedRecord mr;
    try {
      mr = messages.next();
    } catch (RuntimeException e) {
      mr = unmappable(current, nextSubSequence, e);
      messages = MappedRecords.of(List.of());
    }
    nextSubSequence = mr.subSequenceNumber() + 1;
    return mr;
  }

  private MappedRecord unmappable(Record r, long subSequenceNumber, RuntimeException e) {
    String reason = "could not map the record: " + e;
    log.warn("could not map record {} of shard {} of stream {} from sub-record {}; it becomes a "
        + "corrupt message", r.sequenceNumber(), shardId, engine.stream(), subSequenceNumber, e);
    return engine.mapper().unmappable(shardId, r, subSequenceNumber, reason);
  }

  private BigInteger sequenceOf(Record r) {
    try {
      return new BigInteger(r.sequenceNumber());
    } catch (NumberFormatException | NullPointerException e) {
      // It could never be checkpointed or resumed after: stop here rather than pass it.
      throw new IllegalStateException("shard " + shardId + " of stream " + engine.stream()
          + " returned a record with the malformed sequence number '" + r.sequenceNumber()
          + "'; the reader does not read past it", e);
    }
  }

  private synchronized boolean isStopped() {
    return stopped;
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
    return backoff.delayNanos(failures);
  }

  @Override
  public String toString() {
    return "ShardReader[" + engine.stream() + "/" + shardId + ", group " + engine.group() + "]";
  }
}
