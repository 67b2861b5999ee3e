package dev.mq.kinesis.internal.consumer;

import dev.mq.kinesis.checkpoint.Checkpoint;
import dev.mq.kinesis.internal.lease.ShardOwnership;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shard readers of one stream and group in this process, each tied to the lease generation
 * it was started under: which shards may start being read (held, not ended, not being handed
 * over, parents ended unless the ownership orders them), starting them, their progress, and
 * stopping them when a lease is lost or handed over (the hand-over protocol: stop reading, drop
 * what is not delivered, let what is in flight be settled for a bounded grace time, then give the
 * lease up with the last checkpoint).
 *
 * <p>It also counts the attached queue instances and knows whether the group is closed: readers
 * run while at least one instance is attached, and every decision above reads that state under
 * the same lock as the reader set.
 *
 * <p>Over 350 lines because starting, stopping and handing over readers all decide on that one
 * locked state; split apart, the lock would span classes. One reader's work is {@link ShardReader}'s.
 */
final class ShardReaders {

  // The engine's category, so that logging set up for the engine still applies.
  private static final Logger log = LoggerFactory.getLogger(GroupEngine.class);
  private static final long SETTLE_POLL_MILLIS = 20;

  /** Creates the reader of a shard. */
  interface Factory {
    ShardReader open(String shardId, ShardTracker tracker, StartPosition start);
  }

  private final String stream;
  private final String group;
  private final ScheduledExecutorService scheduler;
  private final ShardOwnership ownership;
  private final Dispatcher dispatcher;
  private final CheckpointFlusher flusher;
  private final StartPositions starts;
  private final Factory factory;
  /** Asked when a shard ended, to look for its children. */
  private final Runnable discoverSoon;
  private final Map<String, ShardReader> readers = new ConcurrentHashMap<>();

  // Guarded by this.
  // Shards being handed over, with the lease generation: no new reader may start for them while
  // that generation is still held.
  private final Map<String, Long> handingOver = new HashMap<>();
  // The lease generation each reader was started for.
  private final Map<String, Long> readerGenerations = new HashMap<>();
  private final Set<String> ended = new HashSet<>();
  private int attached;
  private boolean closed;

  ShardReaders(String stream, String group, ScheduledExecutorService scheduler,
      ShardOwnership ownership, Dispatcher dispatcher, CheckpointFlusher flusher,
      StartPositions starts, Factory factory, Runnable discoverSoon) {
    this.stream = stream;
    this.group = group;
    this.scheduler = scheduler;
    this.ownership = ownership;
    this.dispatcher = dispatcher;
    this.flusher = flusher;
    this.starts = starts;
    this.factory = factory;
    this.discoverSoon = discoverSoon;
  }

  /** The running readers (a live view). */
  Collection<ShardReader> all() {
    return readers.values();
  }

  /** The running readers' figures, for monitoring. */
  List<ShardStats> stats() {
    List<ShardStats> out = new ArrayList<>();
    readers.values().forEach(r -> out.add(r.stats()));
    return out;
  }

  ShardReader get(String shardId) {
    return readers.get(shardId);
  }

  /** The shards whose checkpoints say they ended, as the ownership loaded them. */
  synchronized void loaded(Map<String, Checkpoint> checkpoints) {
    checkpoints.forEach((shard, cp) -> {
      if (cp.isShardEnd()) {
        ended.add(shard);
      }
    });
  }

  synchronized void attach() {
    if (closed) {
      throw new IllegalStateException("the consumer of " + stream + " for group " + group + " is closed");
    }
    attached++;
  }

  /** A queue instance closed: with none left, write the checkpoints now. */
  synchronized void detach() {
    attached = Math.max(0, attached - 1);
    if (attached == 0 && !closed) {
      flusher.changed(true);
    }
  }

  synchronized boolean isClosed() {
    return closed;
  }

  synchronized boolean isActive() {
    return attached > 0 && !closed;
  }

  /** Marks the set closed; false if it was already. */
  synchronized boolean close() {
    if (closed) {
      return false;
    }
    closed = true;
    return true;
  }

  void wakeAll() {
    readers.values().forEach(ShardReader::wake);
  }

  void stopAll() {
    readers.values().forEach(ShardReader::stop);
  }

  /** Called when a shard's tracker may have moved or ended. */
  void progress(ShardReader reader) {
    boolean nowEnded = reader.tracker().isEnded();
    synchronized (this) {
      if (closed || readers.get(reader.shardId()) != reader) {
        return;
      }
      flusher.changed(nowEnded);
      if (nowEnded && ended.add(reader.shardId())) {
        log.debug("shard {} of stream {} ended for group {}; looking for its children",
            reader.shardId(), stream, group);
        discoverSoon.run();
      }
    }
  }

  /**
   * The start times to store before the first read: of each shard that may start being read
   * from a time and has no checkpoint yet. {@code parents}: the listed shards with their parents.
   */
  synchronized Map<String, Checkpoint> startTimesToStore(Map<String, List<String>> parents) {
    Map<String, Checkpoint> out = new LinkedHashMap<>();
    if (closed) {
      return out;
    }
    readable(parents).forEach((id, ps) -> {
      if (ownership.checkpointOf(id).isEmpty()) {
        startOf(id, ps).timestamp().ifPresent(t -> out.put(id, Checkpoint.atTimestamp(t)));
      }
    });
    return out;
  }

  /** Starts a reader for each listed shard that may be read now; false if closed. */
  synchronized boolean startReadable(Map<String, List<String>> parents) {
    if (closed) {
      return false;
    }
    for (Map.Entry<String, List<String>> e : readable(parents).entrySet()) {
      String id = e.getKey();
      // the generation, then the hold again: a reader is never tied to a newer generation than
      // the one it was allowed to read under
      long generation = ownership.generation(id);
      if (!ownership.mayRead(id)) {
        continue;
      }
      StartPosition start = startOf(id, e.getValue());
      if (start.timestamp().isPresent() && ownership.checkpointOf(id).isEmpty()) {
        continue; // its start time is not stored yet: the next discovery stores it first
      }
      ShardTracker tracker = new ShardTracker(id, ownership.checkpointOf(id).orElse(null),
          ownership.doneAheadOf(id));
      ShardReader reader = factory.open(id, tracker, start);
      readers.put(id, reader);
      readerGenerations.put(id, generation);
      log.debug("reading shard {} of stream {} for group {} from {}", id, stream, group, start);
      if (attached > 0) {
        reader.wake();
      }
    }
    return true;
  }

  // Guarded by this. The listed shards that may start being read now, with their listed parents.
  private Map<String, List<String>> readable(Map<String, List<String>> listed) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    listed.forEach((id, parents) -> {
      if (readers.containsKey(id) || ended.contains(id) || handingOver.containsKey(id)
          || !ownership.mayRead(id)) {
        return;
      }
      if (!ownership.ordersParentsFirst() && !ended.containsAll(parents)) {
        return; // a parent still has messages of the keys that moved here
      }
      out.put(id, parents);
    });
    return out;
  }

  // Guarded by this.
  private StartPosition startOf(String shardId, List<String> parents) {
    return starts.of(shardId, parents, p -> {
      ShardReader parentReader = readers.get(p);
      return parentReader != null && parentReader.isContinuous();
    });
  }

  /**
   * Another worker holds the shard now: stop its reader, drop its undelivered messages and
   * abandon those in flight, so that its checkpoint is never written from here again.
   */
  void leaseLost(String shardId, long generation) {
    ShardReader reader;
    synchronized (this) {
      if (readerGenerations.getOrDefault(shardId, 0L) > generation) {
        log.debug("ignored the loss of an earlier lease of shard {} of stream {}", shardId, stream);
        return; // the lease was taken again since: the reader belongs to the newer generation
      }
      // a hand-over of this generation ends here: its reader is gone, the lease is not held
      handingOver.remove(shardId, generation);
      readerGenerations.remove(shardId);
      reader = readers.remove(shardId);
    }
    if (reader == null) {
      return;
    }
    reader.stop();
    reader.tracker().abandon();
    dispatcher.dropShard(shardId);
    log.info("stopped reading shard {} of stream {} for group {}: its lease moved to another "
        + "worker, which delivers its unacknowledged messages again", shardId, stream, group);
  }

  /**
   * Another worker asked for the shard: stop reading it and drop what is not delivered yet (the
   * next owner delivers it), let the messages in flight be settled for a bounded grace time so
   * that acknowledged ones are not delivered again, then hand the lease over with the last
   * checkpoint.
   */
  void handOver(String shardId, long generation, long deadlineNanos) {
    ShardReader reader;
    synchronized (this) {
      if (readerGenerations.getOrDefault(shardId, 0L) > generation) {
        return; // asked of an earlier generation, lost since
      }
      reader = readers.get(shardId);
      handingOver.put(shardId, generation);
    }
    if (reader == null) {
      try {
        // only the generation that was asked (a stale request must not free a newer take), and
        // with the runs done ahead that the lease carries (no tracker here has read them yet)
        if (ownership.generation(shardId) == generation) {
          ownership.handOver(shardId, Optional.empty(), ownership.doneAheadOf(shardId));
        }
      } finally {
        synchronized (this) {
          handingOver.remove(shardId, generation);
        }
      }
      return;
    }
    reader.stop();
    reader.tracker().seal(); // a read step still running adds nothing deliverable any more
    dispatcher.dropShard(shardId).forEach(InboundMessage::markAbandoned);
    awaitSettledThenHandOver(shardId, generation, reader, deadlineNanos);
  }

  private void awaitSettledThenHandOver(String shardId, long generation, ShardReader reader,
      long deadlineNanos) {
    // a read step that was running when the reader stopped may have offered more since
    dispatcher.dropShard(shardId).forEach(InboundMessage::markAbandoned);
    if (reader.tracker().inFlightCount() > 0 && System.nanoTime() - deadlineNanos < 0 && !isClosed()) {
      try {
        scheduler.schedule(() -> awaitSettledThenHandOver(shardId, generation, reader, deadlineNanos),
            SETTLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
        return;
      } catch (RuntimeException e) {
        // scheduler stopped: the broker is closing and hands every lease back itself
        return;
      }
    }
    synchronized (this) {
      if (readers.get(shardId) != reader) {
        // the lease was lost meanwhile: nothing to hand over, and the shard must not stay
        // marked, or a later take of the lease would never read it
        handingOver.remove(shardId, generation);
        return;
      }
    }
    int unsettled = reader.tracker().inFlightCount();
    try {
      // the reader stays in the map until the snapshot is taken, so that an acknowledgement
      // until then still reaches its tracker (and the snapshot); after it, settling is ignored
      handOver(reader);
    } finally {
      synchronized (this) {
        if (readers.remove(shardId, reader)) {
          readerGenerations.remove(shardId);
        }
        handingOver.remove(shardId, generation);
      }
    }
    dispatcher.dropShard(shardId); // abandoned by now: nothing of the shard is delivered here again
    log.info("handed shard {} of stream {} for group {} over ({} messages still in flight, to be "
        + "delivered again by the next owner)", shardId, stream, group, unsettled);
  }

  /** At close: hands every shard over with its checkpoint and what is done beyond it. */
  void handOverAll() {
    for (ShardReader r : readers.values()) {
      handOver(r);
    }
  }

  /** Writes the shard's last checkpoint and what is done beyond it, and gives the lease up. */
  private void handOver(ShardReader reader) {
    // in the group's write order: no flush may write this shard's checkpoint after the hand-over
    flusher.write(() -> {
      ShardTracker.HandOver state = handOverState(reader.tracker(), () -> { });
      ownership.handOver(reader.shardId(), state.last(), state.doneAhead());
    });
  }

  /**
   * What a hand-over writes: one snapshot of the tracker, after which settles change nothing.
   * {@code afterSnapshot} is a test seam (a settle arriving right then).
   */
  static ShardTracker.HandOver handOverState(ShardTracker tracker, Runnable afterSnapshot) {
    ShardTracker.HandOver state = tracker.handOver();
    afterSnapshot.run();
    return state;
  }
}
