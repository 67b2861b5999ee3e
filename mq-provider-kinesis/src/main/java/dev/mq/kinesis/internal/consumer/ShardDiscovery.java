package dev.mq.kinesis.internal.consumer;

import dev.mq.MessagingException;
import dev.mq.kinesis.checkpoint.Checkpoint;
import dev.mq.kinesis.internal.config.StreamArns;
import dev.mq.kinesis.internal.lease.ShardOwnership;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * Finds one stream's shards for one group: lists them (at start, periodically while a queue
 * instance is attached, and soon after a shard ended, to find its children), tells the
 * {@link ShardOwnership} what is listed, stores the start time of each shard about to be read
 * from a time, and then lets the {@link ShardReaders} start what may be read.
 */
final class ShardDiscovery {

  // The engine's category, so that logging set up for the engine still applies.
  private static final Logger log = LoggerFactory.getLogger(GroupEngine.class);

  private final String stream;
  private final String group;
  private final KinesisClient client;
  private final ScheduledExecutorService scheduler;
  private final ShardOwnership ownership;
  private final ShardReaders readers;
  private final CheckpointFlusher flusher;
  private final Duration interval;

  // Guarded by this.
  private List<Shard> lastListed = List.of();
  private boolean soon;
  private ScheduledFuture<?> periodic;
  private boolean stopped;

  ShardDiscovery(String stream, String group, KinesisClient client, ScheduledExecutorService scheduler,
      ShardOwnership ownership, ShardReaders readers, CheckpointFlusher flusher, Duration interval) {
    this.stream = stream;
    this.group = group;
    this.client = client;
    this.scheduler = scheduler;
    this.ownership = ownership;
    this.readers = readers;
    this.flusher = flusher;
    this.interval = interval;
  }

  /** Lists the shards once, failing if the stream is unreachable, and remembers them. */
  List<Shard> listFirst() {
    List<Shard> shards = listShards();
    remember(shards);
    return shards;
  }

  /**
   * Discovers the shards periodically from now on, unless stopped already (the engine starts
   * outside its monitor, so a close may come first).
   */
  synchronized void startPeriodic() {
    if (stopped) {
      return;
    }
    long every = interval.toNanos();
    periodic = scheduler.scheduleWithFixedDelay(this::discoverQuietly, every, every, TimeUnit.NANOSECONDS);
  }

  /** A shard ended: look for its children soon (once, however many ask meanwhile). */
  synchronized void soon() {
    if (!soon) {
      soon = true;
      scheduler.execute(this::discoverQuietly);
    }
  }

  /** Stops the periodic discovery. */
  synchronized void stop() {
    stopped = true;
    if (periodic != null) {
      periodic.cancel(false);
    }
  }

  /** Periodic: must survive anything one round throws, or discovery would end silently. */
  private void discoverQuietly() {
    synchronized (this) {
      soon = false;
    }
    if (!readers.isActive()) {
      return;
    }
    try {
      discover(listShards());
    } catch (Throwable e) { // an Error too: it would end the periodic discovery for good
      if (readers.isClosed()) {
        return; // interrupted by close
      }
      log.warn("could not list the shards of stream {}; retrying in {}", stream, interval, e);
    }
  }

  private List<Shard> listShards() {
    List<Shard> shards = new ArrayList<>();
    String token = null;
    try {
      do {
        ListShardsRequest.Builder b = ListShardsRequest.builder();
        if (token == null && StreamArns.isArn(stream)) {
          b.streamARN(stream);
        } else if (token == null) {
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
  void discoverLastListed() {
    List<Shard> shards;
    synchronized (this) {
      shards = lastListed;
    }
    discover(shards);
  }

  /** Handles a listing: tells the ownership, stores start times, starts readers. */
  void discover(List<Shard> shards) {
    ownership.listed(shards);
    Map<String, List<String>> parents = listedParents(shards);
    storeStartTimes(parents);
    if (readers.startReadable(parents)) {
      remember(shards);
    }
  }

  private synchronized void remember(List<Shard> shards) {
    lastListed = shards;
  }

  /** Each listed shard, in listing order, with those of its parents that are listed too. */
  static Map<String, List<String>> listedParents(List<Shard> shards) {
    Set<String> listed = new HashSet<>();
    shards.forEach(s -> listed.add(s.shardId()));
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Shard shard : shards) {
      List<String> parents = new ArrayList<>();
      if (shard.parentShardId() != null && listed.contains(shard.parentShardId())) {
        parents.add(shard.parentShardId());
      }
      if (shard.adjacentParentShardId() != null && listed.contains(shard.adjacentParentShardId())) {
        parents.add(shard.adjacentParentShardId());
      }
      out.put(shard.shardId(), parents);
    }
    return out;
  }

  /**
   * Stores "at timestamp T" as the first checkpoint of each shard that is about to be read from
   * a time (initial position latest or a timestamp) and has no checkpoint yet, before anything
   * of it is delivered: whoever reads the shard for the group later (this broker after a
   * restart, another worker after a hand-over or a crash) starts at the same T, never at its own
   * start time, so that a message delivered here and not acknowledged is delivered again.
   */
  private void storeStartTimes(Map<String, List<String>> parents) {
    Map<String, Checkpoint> starts = readers.startTimesToStore(parents);
    if (!starts.isEmpty()) {
      flusher.write(() -> ownership.save(starts));
      log.debug("stored the start times of shards of stream {} for group {}: {}", stream, group, starts);
    }
  }
}
