package dev.mq.kinesis.internal.consumer;

import dev.mq.MessagingException;
import dev.mq.kinesis.checkpoint.Checkpoint;
import dev.mq.kinesis.checkpoint.CheckpointStore;
import dev.mq.kinesis.internal.InitialPosition;
import dev.mq.kinesis.internal.KinesisSettings;
import dev.mq.kinesis.internal.lease.LeaseCoordinator;
import dev.mq.kinesis.internal.lease.LeaseTable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * Consumes one stream for one consumer group in this process: discovers shards, runs a reader
 * per shard that may be read, feeds the shared {@link Dispatcher}, tracks acknowledgements per
 * shard and writes checkpoints (debounced) to the store.
 *
 * <p>A shard that has parents is read only after every parent still listed by the stream is
 * finished (closed, every message acknowledged, checkpointed as SHARD_END), so that the messages
 * of a key that moved to a child by a split, merge or shard-count change come after those still
 * in its parent.
 *
 * <p>Which shards it reads is up to its {@link ShardOwnership}: every shard ({@link AllShards},
 * for the memory and file stores), or those whose leases this broker holds (a lease coordinator,
 * for a {@link LeaseTable}); then it stops a shard whose lease is lost, hands a shard over when
 * another worker asks for it, and leaves parent-before-child order to the coordinator.
 *
 * <p>Every consuming queue instance of the group shares one engine; the broker creates it at the
 * first dequeue or subscribe. With no such instance open the readers park (messages already read
 * stay buffered) and wake when one attaches.
 */
public final class GroupEngine implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(GroupEngine.class);
  private static final long SETTLE_POLL_MILLIS = 20;

  private final String queueName;
  private final String stream;
  private final String group;
  private final KinesisClient client;
  private final ScheduledExecutorService scheduler;
  private final CheckpointStore store;
  private final ShardOwnership ownership;
  private final KinesisSettings settings;
  private final RecordMapper mapper;
  private final DeadLetterSink deadLetters;
  private final ShardFetchers fetchers;
  private final Dispatcher dispatcher = new Dispatcher();
  private final Map<String, ShardReader> readers = new ConcurrentHashMap<>();
  private final Instant startedAt;
  /**
   * Serializes this stream and group's store writes (flushes and hand-overs), so that they reach
   * the store in order; other groups' writes never wait for these.
   */
  private final Object writes = new Object();

  // Guarded by this.
  private List<Shard> lastListed = List.of();
  // Shards being handed over, with the lease generation: no new reader may start for them while
  // that generation is still held.
  private final Map<String, Long> handingOver = new HashMap<>();
  // The lease generation each reader was started for.
  private final Map<String, Long> readerGenerations = new HashMap<>();
  private final Set<String> finished = new HashSet<>();
  private int attached;
  private boolean closed;
  private ScheduledFuture<?> discovery;
  /** The flush scheduled and not yet started, if any. */
  private ScheduledFuture<?> flush;
  /** Whether the scheduled flush task is running now. */
  private boolean flushRunning;
  /**
   * The delay of the flush that a change or a retry asked for while one was running (it may
   * have taken its changes already), started when that one ends; negative for none. At most one
   * flush task is queued or running per group, so a slow store never piles flushes up on the
   * scheduler's threads, where they would starve the shard readers.
   */
  private long flushAgainNanos = -1;
  private boolean discoverySoon;

  /** {@code startedAt}: where {@code initial-position=latest} starts a shard without a checkpoint. */
  public GroupEngine(String queueName, String stream, String group, KinesisClient client,
      ScheduledExecutorService scheduler, CheckpointStore store, KinesisSettings settings,
      RecordMapper mapper, DeadLetterSink deadLetters, ShardFetchers fetchers, Instant startedAt) {
    this.queueName = queueName;
    this.startedAt = startedAt;
    this.stream = stream;
    this.group = group;
    this.client = client;
    this.scheduler = scheduler;
    this.store = store;
    this.settings = settings;
    this.mapper = mapper;
    this.deadLetters = deadLetters;
    this.fetchers = fetchers;
    this.ownership = store.leaseTable()
        .<ShardOwnership>map(leases -> new LeaseCoordinator(leases, stream, group, scheduler, System::nanoTime))
        .orElseGet(() -> new AllShards(store, stream, group));
  }

  /**
   * Loads the checkpoints and lists the shards once, so that a corrupt checkpoint or an
   * unreachable stream fails here, then keeps discovering shards periodically.
   */
  public synchronized void start() {
    List<Shard> shards = listShards();
    lastListed = shards;
    ownership.start(shards, new ShardOwnership.Listener() {
      @Override
      public void gained(String shardId) {
        scheduler.execute(GroupEngine.this::discoverLastListed);
      }

      @Override
      public void lost(String shardId, long generation) {
        leaseLost(shardId, generation);
      }

      @Override
      public void handOff(String shardId, long generation, Duration grace) {
        GroupEngine.this.handOff(shardId, generation, System.nanoTime() + grace.toNanos());
      }
    }).forEach((shard, cp) -> {
      if (cp.isShardEnd()) {
        finished.add(shard);
      }
    });
    discover(shards);
    long every = settings.shardDiscoveryInterval().toNanos();
    discovery = scheduler.scheduleWithFixedDelay(this::discoverQuietly, every, every, TimeUnit.NANOSECONDS);
  }

  public String queueName() {
    return queueName;
  }

  public String stream() {
    return stream;
  }

  public String group() {
    return group;
  }

  KinesisClient client() {
    return client;
  }

  ScheduledExecutorService scheduler() {
    return scheduler;
  }

  KinesisSettings settings() {
    return settings;
  }

  RecordMapper mapper() {
    return mapper;
  }

  DeadLetterSink deadLetters() {
    return deadLetters;
  }

  ShardFetchers fetchers() {
    return fetchers;
  }

  /** The dispatcher that queue instances take messages from. */
  public Dispatcher dispatcher() {
    return dispatcher;
  }

  /** A queue instance began consuming: readers run while at least one is attached. */
  public void attach() {
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("the consumer of " + stream + " for group " + group + " is closed");
      }
      attached++;
    }
    wakeReaders();
  }

  /** A queue instance closed. */
  public synchronized void detach() {
    attached = Math.max(0, attached - 1);
    if (attached == 0) {
      scheduleFlush(0);
    }
  }

  synchronized boolean isClosed() {
    return closed;
  }

  synchronized boolean isActive() {
    return attached > 0 && !closed;
  }

  /** New records may be there (e.g. this process just wrote some): read soon. */
  public void wakeReaders() {
    readers.values().forEach(ShardReader::wake);
  }

  /**
   * A delivered message is done for good (acknowledged, or dead-lettered): the checkpoint may
   * move and the next message of its key becomes ready.
   */
  public void finished(InboundMessage m) {
    if (m.isAbandoned()) {
      // This process lost the shard's lease; the new owner delivers the message again (at
      // least once), so settling it here must change nothing: no checkpoint, no key release.
      log.debug("{} of stream {} was settled after its shard's lease was lost; ignored", m, stream);
      return;
    }
    ShardReader reader = readers.get(m.shardId());
    if (reader != null) {
      reader.tracker().done(m);
      shardProgress(reader);
      reader.wake();
    }
    dispatcher.finished(m);
  }

  /** Called when a shard's tracker may have moved or finished. */
  void shardProgress(ShardReader reader) {
    boolean nowFinished = reader.tracker().isFinished();
    synchronized (this) {
      if (closed || readers.get(reader.shardId()) != reader) {
        return;
      }
      scheduleFlush(nowFinished ? 0 : settings.checkpointInterval().toNanos());
      if (nowFinished && finished.add(reader.shardId())) {
        log.debug("shard {} of stream {} finished for group {}; looking for its children",
            reader.shardId(), stream, group);
        if (!discoverySoon) {
          discoverySoon = true;
          scheduler.execute(this::discoverQuietly);
        }
      }
    }
  }

  private void scheduleFlush(long delayNanos) {
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
        scheduleFlush(Math.max(settings.checkpointInterval().toNanos(), TimeUnit.SECONDS.toNanos(1)));
      }
    } finally {
      synchronized (this) {
        flushRunning = false;
        long again = flushAgainNanos;
        flushAgainNanos = -1;
        if (again >= 0) {
          scheduleFlush(again);
        }
      }
    }
  }

  /** Writes every changed checkpoint to the store now. */
  public void flush() {
    synchronized (writes) { // one write per stream and group at a time, in order
      Map<String, Checkpoint> changed = new LinkedHashMap<>();
      List<ShardTracker> from = new ArrayList<>();
      for (ShardReader r : readers.values()) {
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

  /** Periodic: must survive anything one round throws, or discovery would end silently. */
  private void discoverQuietly() {
    synchronized (this) {
      discoverySoon = false;
      if (closed || attached == 0) {
        return;
      }
    }
    try {
      discover(listShards());
    } catch (Throwable e) { // an Error too: it would end the periodic discovery for good
      if (isClosed()) {
        return; // interrupted by close
      }
      log.warn("could not list the shards of stream {}; retrying in {}", stream,
          settings.shardDiscoveryInterval(), e);
    }
  }

  private List<Shard> listShards() {
    List<Shard> shards = new ArrayList<>();
    String token = null;
    try {
      do {
        ListShardsRequest.Builder b = ListShardsRequest.builder();
        if (token == null) {
          b.streamName(stream);
        } else {
          b.nextToken(token);
        }
        ListShardsResponse r = client.listShards(b.build());
        shards.addAll(r.shards());
        token = r.nextToken();
      } while (token != null);
    } catch (SdkException e) {
      throw new MessagingException("cannot list the shards of stream " + stream + ": " + e.getMessage(), e);
    }
    return shards;
  }

  /** The lease of a shard was gained: read it, with the shards as last listed. */
  private void discoverLastListed() {
    List<Shard> shards;
    synchronized (this) {
      shards = lastListed;
    }
    discover(shards);
  }

  /**
   * Another worker holds the shard now: stop its reader, drop its undelivered messages and
   * abandon those in flight, so that its checkpoint is never written from here again.
   */
  private void leaseLost(String shardId, long generation) {
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
  private void handOff(String shardId, long generation, long deadlineNanos) {
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
        ownership.handOver(shardId, Optional.empty(), List.of());
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
      readers.remove(shardId);
      readerGenerations.remove(shardId);
    }
    int unsettled = reader.tracker().inFlightCount();
    try {
      handOverShard(reader);
    } finally {
      synchronized (this) {
        handingOver.remove(shardId, generation);
      }
    }
    dispatcher.dropShard(shardId); // abandoned by now: nothing of the shard is delivered here again
    log.info("handed shard {} of stream {} for group {} over ({} messages still in flight, to be "
        + "delivered again by the next owner)", shardId, stream, group, unsettled);
  }

  /** Writes the shard's last checkpoint and what is done beyond it, and gives the lease up. */
  private void handOverShard(ShardReader reader) {
    synchronized (writes) { // no flush may write this shard's checkpoint after the hand-over
      ShardTracker.HandOver state = handOverState(reader.tracker(), () -> { });
      ownership.handOver(reader.shardId(), state.last(), state.doneAhead());
    }
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

  private void discover(List<Shard> shards) {
    ownership.listed(shards);
    storeStartTimes(shards);
    discoverHeld(shards);
  }

  /**
   * Stores "at timestamp T" as the first checkpoint of each shard that is about to be read from
   * a time (initial position latest or a timestamp) and has no checkpoint yet, before anything
   * of it is delivered: whoever reads the shard for the group later (this broker after a
   * restart, another worker after a hand-over or a crash) starts at the same T, never at its own
   * start time, so that a message delivered here and not acknowledged is delivered again.
   */
  private void storeStartTimes(List<Shard> shards) {
    Map<String, Checkpoint> starts = new LinkedHashMap<>();
    synchronized (this) {
      if (closed) {
        return;
      }
      readable(shards).forEach((id, parents) -> {
        if (ownership.checkpointOf(id).isEmpty()) {
          startOf(id, parents).timestamp().ifPresent(t -> starts.put(id, Checkpoint.atTimestamp(t)));
        }
      });
    }
    if (!starts.isEmpty()) {
      synchronized (writes) {
        ownership.save(starts);
      }
      log.debug("stored the start times of shards of stream {} for group {}: {}", stream, group, starts);
    }
  }

  /** The listed shards that may start being read now, with their listed parents. */
  private Map<String, List<String>> readable(List<Shard> shards) {
    Set<String> listed = new HashSet<>();
    shards.forEach(s -> listed.add(s.shardId()));
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Shard shard : shards) {
      String id = shard.shardId();
      if (readers.containsKey(id) || finished.contains(id) || handingOver.containsKey(id)
          || !ownership.mayRead(id)) {
        continue;
      }
      List<String> parents = new ArrayList<>();
      if (shard.parentShardId() != null && listed.contains(shard.parentShardId())) {
        parents.add(shard.parentShardId());
      }
      if (shard.adjacentParentShardId() != null && listed.contains(shard.adjacentParentShardId())) {
        parents.add(shard.adjacentParentShardId());
      }
      if (!ownership.ordersParentsFirst() && !finished.containsAll(parents)) {
        continue; // a parent still has messages of the keys that moved here
      }
      out.put(id, parents);
    }
    return out;
  }

  private synchronized void discoverHeld(List<Shard> shards) {
    if (closed) {
      return;
    }
    lastListed = shards;
    for (Map.Entry<String, List<String>> e : readable(shards).entrySet()) {
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
      ShardReader reader = new ShardReader(this, id, tracker, start);
      readers.put(id, reader);
      readerGenerations.put(id, generation);
      log.debug("reading shard {} of stream {} for group {} from {}", id, stream, group, start);
      if (attached > 0) {
        reader.wake();
      }
    }
  }

  private StartPosition startOf(String shardId, List<String> parents) {
    Checkpoint cp = ownership.checkpointOf(shardId).orElse(null);
    if (cp != null) {
      return StartPosition.after(cp); // a stored start time included
    }
    // A child of a shard this group consumed without a gap holds nothing the group has seen:
    // it is read from its start, whatever the initial position says.
    for (String p : parents) {
      ShardReader parentReader = readers.get(p);
      boolean parentRead = ownership.checkpointOf(p).filter(c -> !c.isAtTimestamp()).isPresent();
      if (parentRead || (parentReader != null && parentReader.isContinuous())) {
        return StartPosition.trimHorizon();
      }
    }
    InitialPosition initial = settings.initialPosition();
    return switch (initial.kind()) {
      case TRIM_HORIZON -> StartPosition.trimHorizon();
      // LATEST becomes "since the group was first opened in this broker", so that an iterator
      // renewed later, or a child shard opened later, still sees every record written after
      // the start; it is stored as the shard's first checkpoint before the first read.
      case LATEST -> StartPosition.atTimestamp(startedAt);
      case AT_TIMESTAMP -> StartPosition.atTimestamp(initial.timestamp().orElseThrow());
    };
  }

  /** Stops reading, wakes waiting takers and writes the checkpoints. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      if (discovery != null) {
        discovery.cancel(false);
      }
      if (flush != null) {
        flush.cancel(false);
      }
    }
    readers.values().forEach(ShardReader::stop);
    dispatcher.close();
    try {
      if (ownership.handsOver()) {
        // each shard with its checkpoint and what was acknowledged beyond it, so that the next
        // owner delivers only what was not acknowledged here
        for (ShardReader r : readers.values()) {
          handOverShard(r);
        }
      } else {
        flush();
      }
    } catch (RuntimeException e) {
      log.warn("could not save the last checkpoints of stream {} for group {}; unacknowledged "
          + "and recently acknowledged messages will be delivered again", stream, group, e);
    }
    ownership.close(); // after the last checkpoints: the next owner starts where this one ended
  }

  @Override
  public String toString() {
    return "GroupEngine[" + stream + ", group " + Objects.requireNonNull(group) + "]";
  }
}
