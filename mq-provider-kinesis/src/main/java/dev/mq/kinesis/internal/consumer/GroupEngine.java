package dev.mq.kinesis.internal.consumer;

import dev.mq.kinesis.internal.checkpoint.OpenedStore;
import dev.mq.kinesis.internal.config.ReadSettings;
import dev.mq.kinesis.internal.lease.LeaseCoordinator;
import dev.mq.kinesis.internal.lease.LeaseTable;
import dev.mq.kinesis.internal.lease.ShardOwnership;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * Consumes one stream for one consumer group in this process: discovers shards, runs a reader
 * per shard that may be read, feeds the shared {@link Dispatcher}, tracks acknowledgements per
 * shard and writes checkpoints (debounced) to the store.
 *
 * <p>A shard that has parents is read only after every parent still listed by the stream is
 * ended (closed, every message acknowledged, checkpointed as SHARD_END), so that the messages
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
 *
 * <p>The engine wires the roles together and settles messages; the work is theirs:
 * {@link ShardDiscovery} lists the shards and stores start times, {@link ShardReaders} runs the
 * readers and the hand-over protocol, {@link StartPositions} decides where a shard starts, and
 * {@link CheckpointFlusher} writes the checkpoints.
 */
public final class GroupEngine implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(GroupEngine.class);

  private final String queueName;
  private final String stream;
  private final String group;
  private final ScheduledExecutorService scheduler;
  private final ShardOwnership ownership;
  private final ReadSettings settings;
  private final RecordMapper mapper;
  private final DeadLetterSink deadLetters;
  private final ShardFetchers fetchers;
  private final Dispatcher dispatcher;
  private final CheckpointFlusher flusher;
  private final ShardReaders readers;
  private final ShardDiscovery discovery;

  /**
   * An engine for one group on one stream; it reads nothing before {@code start}.
   *
   * @param queueName the queue, for logs and errors
   * @param stream the stream (name or ARN)
   * @param group the consumer group
   * @param client the Kinesis client, for listing the shards
   * @param scheduler runs the readers, discovery and checkpoint writes
   * @param store the group's checkpoint store, with its leases if it has any
   * @param settings the read settings
   * @param mapper turns records into messages
   * @param deadLetters where messages that cannot be delivered go
   * @param fetchers opens each shard's fetcher (polling or fan-out)
   * @param startedAt where {@code initial-position=latest} starts a shard without a checkpoint
   */
  public GroupEngine(String queueName, String stream, String group, KinesisClient client,
      ScheduledExecutorService scheduler, OpenedStore store, ReadSettings settings,
      RecordMapper mapper, DeadLetterSink deadLetters, ShardFetchers fetchers, Instant startedAt) {
    this.queueName = queueName;
    this.stream = stream;
    this.group = group;
    this.scheduler = scheduler;
    this.settings = settings;
    this.mapper = mapper;
    this.deadLetters = deadLetters;
    this.fetchers = fetchers;
    this.ownership = store.leaseTable()
        .<ShardOwnership>map(leases -> new LeaseCoordinator(leases, stream, group, scheduler, System::nanoTime))
        .orElseGet(() -> new AllShards(store.store(), store.doneAheadStore().orElse(null), stream, group));
    // Delivery asks the ownership itself (lock-free, by its own clock) whether the shard is still
    // this process's: a lease past its hold time delivers nothing more even while the engine has
    // not yet heard of the loss.
    this.dispatcher = new Dispatcher(ownership::mayRead);
    this.flusher = new CheckpointFlusher(stream, group, scheduler, ownership,
        settings.checkpointInterval(), this::runningReaders);
    this.readers = new ShardReaders(stream, group, scheduler, ownership, dispatcher, flusher,
        new StartPositions(ownership, settings.initialPosition(), startedAt),
        (shardId, tracker, start) -> new ShardReader(this, shardId, tracker, start), this::discoverSoon);
    this.discovery = new ShardDiscovery(stream, group, client, scheduler, ownership, readers, flusher,
        settings.shardDiscoveryInterval());
  }

  /**
   * Loads the checkpoints and lists the shards once, so that a corrupt checkpoint or an
   * unreachable stream fails here, then keeps discovering shards periodically.
   */
  public void start() {
    // Not under this engine's monitor: starting makes network calls (ListShards, the lease
    // table, stored start times), and lease events (a loss found by the watchdog) must not wait
    // for them; each role guards its own state.
    List<Shard> shards = discovery.listFirst();
    readers.loaded(ownership.start(shards, new ShardOwnership.Listener() {
      @Override
      public void gained(String shardId) {
        scheduler.execute(discovery::discoverLastListed);
      }

      @Override
      public void lost(String shardId, long generation) {
        readers.leaseLost(shardId, generation);
      }

      @Override
      public void handOver(String shardId, long generation, Duration grace) {
        readers.handOver(shardId, generation, System.nanoTime() + grace.toNanos());
      }
    }));
    discovery.discover(shards);
    discovery.startPeriodic(); // not if the engine was closed meanwhile
  }

  /** {@return the queue this engine reads for} */
  public String queueName() {
    return queueName;
  }

  /** {@return the stream (name or ARN)} */
  public String stream() {
    return stream;
  }

  /** {@return the consumer group} */
  public String group() {
    return group;
  }

  /** {@return the figures of the shards this process reads for the group, for monitoring} */
  public List<ShardStats> shardStats() {
    return readers.stats();
  }

  /**
   * {@return the shards whose leases this process holds for the group; empty without a lease table
   * (one process then reads every shard)}
   */
  public Optional<Integer> leasesHeld() {
    return ownership instanceof LeaseCoordinator lc ? Optional.of(lc.heldShards().size())
        : Optional.empty();
  }

  /**
   * {@return the shards whose leases this process holds but could not renew at the last attempt}
   */
  public Set<String> unrenewedLeases() {
    return ownership instanceof LeaseCoordinator lc ? lc.unrenewedShards() : Set.of();
  }

  ScheduledExecutorService scheduler() {
    return scheduler;
  }

  ReadSettings settings() {
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

  /** {@return the dispatcher that queue instances take messages from} */
  public Dispatcher dispatcher() {
    return dispatcher;
  }

  /** A queue instance began consuming: readers run while at least one is attached. */
  public void attach() {
    readers.attach();
    wakeReaders();
  }

  /** A queue instance closed. */
  public void detach() {
    readers.detach();
  }

  boolean isClosed() {
    return readers.isClosed();
  }

  boolean isActive() {
    return readers.isActive();
  }

  /** Whether this process may still read and deliver the shard (lock-free). */
  boolean mayRead(String shardId) {
    return ownership.mayRead(shardId);
  }

  /** New records may be there (e.g. this process just wrote some): read soon. */
  public void wakeReaders() {
    readers.wakeAll();
  }

  /**
   * A delivered message is settled for good (acknowledged, or dead-lettered): the checkpoint may
   * move and the next message of its key becomes ready.
   *
   * @param m the delivered message
   */
  public void settled(InboundMessage m) {
    if (m.isAbandoned()) {
      // This process lost the shard's lease; the new owner delivers the message again (at
      // least once), so settling it here must change nothing: no checkpoint, no key release.
      log.debug("{} of stream {} was settled after its shard's lease was lost; ignored", m, stream);
      return;
    }
    ShardReader reader = readers.get(m.shardId());
    if (reader != null) {
      reader.tracker().settled(m);
      shardProgress(reader);
      reader.wake();
    }
    dispatcher.settled(m);
  }

  /** Called when a shard's tracker may have moved or ended. */
  void shardProgress(ShardReader reader) {
    readers.progress(reader);
  }

  /** Writes every changed checkpoint to the store now. */
  public void flush() {
    flusher.flush();
  }

  private Collection<ShardReader> runningReaders() {
    return readers.all();
  }

  private void discoverSoon() {
    discovery.soon();
  }

  /** Stops reading, wakes waiting takers and writes the checkpoints. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (!readers.close()) {
        return;
      }
      discovery.stop();
      flusher.stop();
    }
    readers.stopAll();
    dispatcher.close();
    try {
      if (ownership.handsOver()) {
        // each shard with its checkpoint and what was acknowledged beyond it, so that the next
        // owner delivers only what was not acknowledged here
        readers.handOverAll();
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
