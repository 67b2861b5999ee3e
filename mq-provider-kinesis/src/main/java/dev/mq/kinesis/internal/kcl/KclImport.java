package dev.mq.kinesis.internal.kcl;

import dev.mq.MessagingException;
import dev.mq.kinesis.checkpoint.Checkpoint;
import dev.mq.kinesis.checkpoint.CheckpointStore;
import dev.mq.kinesis.internal.checkpoint.DynamoDbCheckpointStoreFactory;
import dev.mq.kinesis.internal.checkpoint.OpenedStore;
import dev.mq.kinesis.internal.config.ConnectionSettings;
import dev.mq.kinesis.internal.config.KclImportSettings;
import dev.mq.kinesis.internal.lease.LeaseTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code mq.kinesis.kcl-lease-table}: a group that has no checkpoint of a stream yet takes its
 * starting positions, once, from the lease table of a KCL application that read the stream.
 *
 * <p>When the group's store holds no checkpoint of the stream, the import reads the KCL table,
 * waits {@code kcl-failover-time}, reads it again, and refuses if a lease with an owner had its
 * counter moved in between (a KCL worker renews it: the KCL application still runs). Otherwise
 * it converts each lease's checkpoint ({@link KclCheckpoints}) and saves them in the group's
 * store, so that every later start finds the group's own checkpoints and never reads the KCL
 * table again. It never writes the KCL table.
 */
public final class KclImport {

  private static final Logger log = LoggerFactory.getLogger(KclImport.class);

  private final KclImportSettings settings;
  private final ConnectionSettings connection;

  /**
   * With the connection's credentials and request timeout for the DynamoDB client.
   *
   * @param settings the {@code kcl-*} keys
   * @param connection the Kinesis connection settings
   */
  public KclImport(KclImportSettings settings, ConnectionSettings connection) {
    this.settings = settings;
    this.connection = connection;
  }

  /**
   * Imports the KCL's checkpoints of {@code stream} for {@code group} unless the group's store
   * has checkpoints of it already. Runs on the caller's thread (the group's first dequeue or
   * subscribe) and takes at least {@code kcl-failover-time} when it reads the KCL table.
   *
   * @param store the group's checkpoint store
   * @param group the consumer group
   * @param stream the stream's name, or its ARN (as the store keys it)
   * @throws MessagingException when a KCL worker still renews a lease (the KCL application runs)
   * @throws dev.mq.ConfigurationException when the KCL table does not exist, or holds no single
   *     matching stream in multi-stream mode
   * @throws dev.mq.kinesis.checkpoint.CheckpointStoreException when a table cannot be read or
   *     written, or a KCL lease is malformed
   */
  public void importIfNeeded(OpenedStore store, String stream, String group) {
    if (hasOwnCheckpoints(store.store(), stream, group)) {
      return;
    }
    List<KclLease> leases;
    try (DynamoDbClient client = DynamoDbCheckpointStoreFactory.client(connection, settings.endpoint(),
        settings.region())) {
      KclLeaseTable table = new KclLeaseTable(client, settings.table(), settings.tableKey());
      List<KclLease> first = StreamLeases.of(table.read(), stream, settings.table(), settings.tableKey());
      if (first.isEmpty()) {
        log.info("the KCL lease table {} holds no lease: group {} starts stream {} at its "
            + "initial-position, and reads the table again at its next start while it has no "
            + "checkpoint", settings.table(), group, stream);
        return;
      }
      log.info("group {} has no checkpoint of stream {}: checking that no worker of the KCL "
          + "application renews a lease of table {} for {} before importing its checkpoints",
          group, stream, settings.table(), settings.failoverTime());
      sleep(settings.failoverTime());
      leases = StreamLeases.of(table.read(), stream, settings.table(), settings.tableKey());
      refuseLive(first, leases);
    }
    if (hasOwnCheckpoints(store.store(), stream, group)) {
      return; // another worker of the group imported them meanwhile
    }
    Map<String, Checkpoint> imported = new LinkedHashMap<>();
    List<String> leftToInitialPosition = new ArrayList<>();
    for (KclLease l : leases) {
      KclCheckpoints.convert(l, settings.table()).ifPresentOrElse(
          cp -> imported.put(l.shardId(), cp), () -> leftToInitialPosition.add(l.shardId()));
    }
    // The lease store's items carry the parents, for its parent-before-child order: create them
    // with the KCL's parent links before the checkpoints go in.
    Optional<LeaseTable> leaseTable = store.leaseTable();
    if (leaseTable.isPresent()) {
      for (KclLease l : leases) {
        if (imported.containsKey(l.shardId())) {
          leaseTable.get().create(stream, group, l.shardId(), l.parentShardIds());
        }
      }
    }
    if (!imported.isEmpty()) {
      store.store().save(stream, group, imported);
    }
    log.info("group {} imported the checkpoints of {} of the {} leases of stream {} in the KCL "
        + "lease table {}; {} never checkpointed by a KCL started at LATEST or AT_TIMESTAMP start at "
        + "the group's initial-position", group, imported.size(), leases.size(), stream,
        settings.table(), leftToInitialPosition.size());
    log.debug("imported from {}: {}; left to the initial position: {}", settings.table(), imported,
        leftToInitialPosition);
  }

  private boolean hasOwnCheckpoints(CheckpointStore store, String stream, String group) {
    if (store.load(stream, group).isEmpty()) {
      return false;
    }
    log.info("group {} has checkpoints of stream {} in its own store; the KCL lease table {} is "
        + "not read (imported at an earlier start, or the group read the stream before)", group,
        stream, settings.table());
    return true;
  }

  /** Refuses when a lease with an owner had its counter moved between the two reads. */
  private void refuseLive(List<KclLease> first, List<KclLease> second) {
    List<KclLease> live = live(first, second);
    if (live.isEmpty()) {
      return;
    }
    TreeSet<String> owners = new TreeSet<>();
    live.forEach(l -> owners.add(l.owner()));
    throw new MessagingException("the KCL application of lease table " + settings.table() + " ("
        + settings.tableKey() + ") is still running: its workers " + owners + " renewed "
        + live.size() + " leases (" + live.stream().map(KclLease::shardId).toList() + ") within "
        + settings.failoverTime() + " (mq.kinesis.kcl-failover-time). Stop every worker of the KCL "
        + "application first, then start this consumer group again; nothing was imported");
  }

  /**
   * The live leases: those with an owner in {@code second} whose counter differs from
   * {@code first}, or that were not there yet (a worker created and took them). A lease whose
   * owner's counter stood still is expired, as the KCL itself judges it, and may be imported.
   */
  static List<KclLease> live(List<KclLease> first, List<KclLease> second) {
    Map<String, Long> before = new HashMap<>();
    first.forEach(l -> before.put(l.leaseKey(), l.counter()));
    return second.stream().filter(l -> l.owner() != null)
        .filter(l -> !Long.valueOf(l.counter()).equals(before.get(l.leaseKey()))).toList();
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MessagingException("interrupted while checking the KCL lease table for live "
          + "leases; nothing was imported", e);
    }
  }
}
