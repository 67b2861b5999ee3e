package dev.mq.kinesis.internal.checkpoint;

import static dev.mq.kinesis.internal.checkpoint.LeaseItems.CHECKPOINT;
import static dev.mq.kinesis.internal.checkpoint.LeaseItems.COUNTER;
import static dev.mq.kinesis.internal.checkpoint.LeaseItems.DONE_AHEAD;
import static dev.mq.kinesis.internal.checkpoint.LeaseItems.HANDOFF;
import static dev.mq.kinesis.internal.checkpoint.LeaseItems.KEY;
import static dev.mq.kinesis.internal.checkpoint.LeaseItems.OWNER;
import static dev.mq.kinesis.internal.checkpoint.LeaseItems.PARENTS;
import static dev.mq.kinesis.internal.checkpoint.LeaseItems.SHARD;
import static dev.mq.kinesis.internal.checkpoint.LeaseItems.key;
import static dev.mq.kinesis.internal.checkpoint.LeaseItems.n;
import static dev.mq.kinesis.internal.checkpoint.LeaseItems.partition;
import static dev.mq.kinesis.internal.checkpoint.LeaseItems.s;

import dev.mq.kinesis.checkpoint.Checkpoint;
import dev.mq.kinesis.checkpoint.CheckpointStore;
import dev.mq.kinesis.checkpoint.CheckpointStoreException;
import dev.mq.kinesis.internal.config.LeaseSettings;
import dev.mq.kinesis.internal.lease.DoneRange;
import dev.mq.kinesis.internal.lease.Lease;
import dev.mq.kinesis.internal.lease.LeaseTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * {@code mq.kinesis.checkpoint-store=dynamodb}: checkpoints in a DynamoDB table that is also the
 * lease table of every consumer group on every stream.
 *
 * <p>Table (attribute names in {@link LeaseItems}): partition key {@value LeaseItems#KEY} (S,
 * {@code <stream>/<group>}; a stream name cannot hold '/'), sort key {@value LeaseItems#SHARD}
 * (S, the shard id); on-demand capacity. Item attributes: {@value LeaseItems#OWNER} (S, the
 * holder's worker id, absent when free), {@value LeaseItems#COUNTER} (N, raised by every take,
 * renewal and hand-back), {@value LeaseItems#CHECKPOINT} (S, as {@link Checkpoint#toString()},
 * absent before the first checkpoint), {@value LeaseItems#PARENTS} (L of S, the parent shard
 * ids) and {@value LeaseItems#HANDOFF} (S, the worker that asked the owner to hand the lease
 * over; absent otherwise) and {@value LeaseItems#DONE_AHEAD} (L of S, runs of messages beyond
 * the checkpoint that were acknowledged already, each as {@link DoneRange#toString()}, at most
 * {@link DoneRange#MAX_RANGES}; written at a hand-over; absent when none).
 *
 * <p>The plain {@link CheckpointStore} methods serve tools: {@link #save} writes only items that
 * nobody holds. The consumer itself writes through the {@link LeaseTable} methods, each
 * conditional on the counter and owner it expects. Items that cannot be read are reported as
 * {@link CheckpointStoreException}, never reset. Every conditional write of a lease (take, renew,
 * checkpoint, hand-over, release) is bounded by {@link LeaseSettings#callTimeout()} (a quarter of
 * the failover time, retries included).
 *
 * <p>It holds no thread: the lease protocol's timing is the {@code LeaseRenewer}'s and the
 * {@code LeaseTaker}'s. Over 350 lines because every write of the lease protocol shares one
 * conditional update with its read-back of unheard writes, and each write's condition and
 * recognition of its own applied write read best side by side; the item mapping is
 * {@link LeaseItems}, the table's creation {@link LeaseTableSetup}.
 */
public final class DynamoDbCheckpointStore implements CheckpointStore, LeaseTable {

  private final DynamoDbClient client;
  private final String table;
  private final String workerId;
  private final LeaseSettings leaseSettings;
  /**
   * Bounds every conditional write of a lease (and its read-back) well below the failover time,
   * so that a hanging call frees its lease for the next renewal; reads of the whole table keep
   * the client's timeouts (they only delay a balancing round).
   */
  private final AwsRequestOverrideConfiguration leaseCall;

  /**
   * Uses {@code client} (closed with this store) and checks, or creates, the table.
   *
   * @param client the DynamoDB client, owned by the store from now on
   * @param table the lease table
   * @param createTable whether a missing table is created
   * @param tableWait how long to wait for the table to become active
   * @param workerId this broker's worker id in the leases
   * @param leaseSettings the timings and bounds of the lease protocol
   * @throws CheckpointStoreException when the table is missing and may not be created, or does
   *     not become active within {@code tableWait}
   */
  public DynamoDbCheckpointStore(DynamoDbClient client, String table, boolean createTable,
      Duration tableWait, String workerId, LeaseSettings leaseSettings) {
    this.client = client;
    this.table = table;
    this.workerId = workerId;
    this.leaseSettings = leaseSettings;
    Duration call = leaseSettings.callTimeout();
    // one slow attempt may use it all; the SDK retries a fast failure within it
    this.leaseCall = AwsRequestOverrideConfiguration.builder().apiCallTimeout(call)
        .apiCallAttemptTimeout(call).build();
    LeaseTableSetup.ensure(client, table, createTable, tableWait);
  }

  @Override
  public String workerId() {
    return workerId;
  }

  @Override
  public LeaseSettings leaseSettings() {
    return leaseSettings;
  }

  /** {@return the table name} */
  public String table() {
    return table;
  }

  // ---- CheckpointStore

  @Override
  public Map<String, Checkpoint> load(String stream, String group) {
    Map<String, Checkpoint> out = new LinkedHashMap<>();
    for (Lease l : list(stream, group)) {
      l.checkpointIfAny().ifPresent(cp -> out.put(l.shardId(), cp));
    }
    return out;
  }

  /** Writes checkpoints of shards that no worker holds; fails for a held one. */
  @Override
  public void save(String stream, String group, Map<String, Checkpoint> checkpoints) {
    for (Map.Entry<String, Checkpoint> e : checkpoints.entrySet()) {
      try {
        client.updateItem(UpdateItemRequest.builder().tableName(table).key(key(stream, group, e.getKey()))
            .updateExpression("SET #cp = :cp, #c = if_not_exists(#c, :zero)")
            .conditionExpression("attribute_not_exists(#o)")
            .expressionAttributeNames(Map.of("#cp", CHECKPOINT, "#c", COUNTER, "#o", OWNER))
            .expressionAttributeValues(Map.of(":cp", s(e.getValue().toString()), ":zero", n(0)))
            .build());
      } catch (ConditionalCheckFailedException ex) {
        throw new CheckpointStoreException("shard " + e.getKey() + " of stream " + stream + " is leased by a "
            + "worker of group " + group + "; only its holder writes its checkpoint");
      } catch (SdkException ex) {
        throw failure("write the checkpoint of shard " + e.getKey(), stream, group, ex);
      }
    }
  }

  @Override
  public boolean isDurable() {
    return true;
  }

  @Override
  public void close() {
    client.close();
  }

  // ---- LeaseTable

  @Override
  public List<Lease> list(String stream, String group) {
    List<Lease> out = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    try {
      do {
        QueryRequest.Builder b = QueryRequest.builder().tableName(table).consistentRead(true)
            .keyConditionExpression("#k = :k")
            .expressionAttributeNames(Map.of("#k", KEY))
            .expressionAttributeValues(Map.of(":k", s(partition(stream, group))));
        if (start != null) {
          b.exclusiveStartKey(start);
        }
        QueryResponse r = client.query(b.build());
        for (Map<String, AttributeValue> item : r.items()) {
          out.add(LeaseItems.parse(item, table, stream, group));
        }
        start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
      } while (start != null);
    } catch (SdkException e) {
      throw failure("read the leases", stream, group, e);
    }
    return out;
  }

  @Override
  public boolean create(String stream, String group, String shardId, List<String> parentShardIds) {
    Map<String, AttributeValue> item = new HashMap<>(key(stream, group, shardId));
    item.put(COUNTER, n(0));
    item.put(PARENTS, AttributeValue.fromL(parentShardIds.stream().map(LeaseItems::s).toList()));
    try {
      client.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(#s)")
          .expressionAttributeNames(Map.of("#s", SHARD)));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    } catch (SdkException e) {
      throw failure("create the lease of shard " + shardId, stream, group, e);
    }
  }

  @Override
  public Optional<Lease> take(String stream, String group, Lease expected) {
    return update(stream, group, expected.shardId(), "SET #o = :me, #c = #c + :one REMOVE #h", "#c = :c",
        Map.of(":me", s(workerId), ":one", n(1), ":c", n(expected.counter())), "take",
        mine(expected.counter() + 1));
  }

  @Override
  public boolean requestHandOver(String stream, String group, Lease expected) {
    if (expected.owner() == null) {
      return false;
    }
    return update(stream, group, expected.shardId(), "SET #h = :me", "#c = :c AND #o = :owner",
        Map.of(":me", s(workerId), ":c", n(expected.counter()), ":owner", s(expected.owner())),
        "ask for", l -> false).isPresent(); // a retry of an applied request finds its condition still true
  }

  @Override
  public Optional<Lease> renew(String stream, String group, Lease held) {
    Map<String, AttributeValue> values = Map.of(":me", s(workerId), ":one", n(1), ":c", n(held.counter()));
    if (held.handoffTo() == null) {
      // Usually only the new counter comes back, not the whole item (its doneAhead may hold up to
      // DoneRange.MAX_RANGES runs); a request to hand over, or a lost lease, fails this condition
      // and the renewal below reads the whole item to tell which.
      Optional<Lease> renewed = update(stream, group, held.shardId(), "SET #c = #c + :one",
          "#c = :c AND #o = :me AND attribute_not_exists(#h)", values, "renew",
          // applied and unheard reads back as mine at counter + 1; a refused one (hand-over
          // asked, lease lost) does not, and the full renewal below runs
          mine(held.counter() + 1), held);
      if (renewed.isPresent()) {
        return renewed;
      }
    }
    return update(stream, group, held.shardId(), "SET #c = #c + :one", "#c = :c AND #o = :me",
        values, "renew", mine(held.counter() + 1), null);
  }

  @Override
  public Optional<Lease> checkpoint(String stream, String group, Lease held, Checkpoint checkpoint,
      boolean release) {
    String update = release ? "SET #cp = :cp, #c = #c + :one REMOVE #o, #h" : "SET #cp = :cp";
    Map<String, AttributeValue> values = new HashMap<>(Map.of(":me", s(workerId),
        ":c", n(held.counter()), ":cp", s(checkpoint.toString())));
    if (release) {
      values.put(":one", n(1));
    }
    // Without release a retry of an applied write finds its condition still true; a checkpoint
    // that keeps the lease reads back only itself, not the whole item.
    Optional<Lease> written = update(stream, group, held.shardId(), update, "#c = :c AND #o = :me", values,
        "checkpoint", release ? freed(held.counter() + 1, checkpoint) : l -> false, release ? null : held);
    if (written.isEmpty()) {
      // This worker's own renewal may have raised the counter without it hearing back (every
      // attempt's response lost): still mine at counter + 1, so write again on that counter.
      Optional<Lease> mineNow = readBack(stream, group, held.shardId(), "checkpoint").filter(mine(held.counter() + 1));
      if (mineNow.isPresent()) {
        values.put(":c", n(mineNow.get().counter()));
        return update(stream, group, held.shardId(), update, "#c = :c AND #o = :me", values, "checkpoint",
            release ? freed(mineNow.get().counter() + 1, checkpoint) : l -> false,
            release ? null : mineNow.get());
      }
    }
    return written;
  }

  @Override
  public boolean handOver(String stream, String group, Lease held, Checkpoint last,
      List<DoneRange> doneAhead) {
    StringBuilder set = new StringBuilder("SET #c = #c + :one");
    // handoffTo stays: the freed lease is reserved for the worker that asked for it
    StringBuilder remove = new StringBuilder(" REMOVE #o");
    Map<String, AttributeValue> values = new HashMap<>(Map.of(":me", s(workerId), ":one", n(1),
        ":c", n(held.counter())));
    if (last != null) {
      set.append(", #cp = :cp");
      values.put(":cp", s(last.toString()));
    }
    if (doneAhead.isEmpty()) {
      remove.append(", #d");
    } else {
      set.append(", #d = :d");
      values.put(":d", AttributeValue.fromL(doneAhead.stream().map(r -> s(r.toString())).toList()));
    }
    return update(stream, group, held.shardId(), set.toString() + remove, "#c = :c AND #o = :me", values,
        "hand over", freed(held.counter() + 1, last)).isPresent();
  }

  @Override
  public boolean release(String stream, String group, Lease held) {
    return update(stream, group, held.shardId(), "SET #c = #c + :one REMOVE #o, #h", "#c = :c AND #o = :me",
        Map.of(":me", s(workerId), ":one", n(1), ":c", n(held.counter())), "hand back",
        freed(held.counter() + 1, null)).isPresent();
  }

  /** The item as this worker's own write of {@code counter} left it, holding the lease. */
  private Predicate<Lease> mine(long counter) {
    return l -> l.isOwnedBy(workerId) && l.counter() == counter;
  }

  /** The item as this worker's own write of {@code counter} left it, freed (with {@code cp}). */
  private static Predicate<Lease> freed(long counter, Checkpoint cp) {
    return l -> l.owner() == null && l.counter() == counter && (cp == null || cp.equals(l.checkpoint()));
  }

  /**
   * One conditional update. A failed condition may be this very write, applied by an attempt
   * whose response was lost and then retried by the SDK: the item is read back and accepted
   * when {@code applied} recognises this worker's own write (as the Kinesis Client Library does
   * for owner = me and counter = expected + 1).
   */
  private Optional<Lease> update(String stream, String group, String shardId, String update,
      String condition, Map<String, AttributeValue> values, String what, Predicate<Lease> applied) {
    return update(stream, group, shardId, update, condition, values, what, applied, null);
  }

  /**
   * As above; with {@code known} (the lease as held) only the attributes written come back
   * (UPDATED_NEW) and the rest is taken from {@code known}; without it, the whole item (ALL_NEW).
   */
  private Optional<Lease> update(String stream, String group, String shardId, String update,
      String condition, Map<String, AttributeValue> values, String what, Predicate<Lease> applied,
      Lease known) {
    Map<String, String> names = new HashMap<>(Map.of("#c", COUNTER));
    if (update.contains("#o") || condition.contains("#o")) {
      names.put("#o", OWNER);
    }
    if (update.contains("#d")) {
      names.put("#d", DONE_AHEAD);
    }
    if (update.contains("#h") || condition.contains("#h")) {
      names.put("#h", HANDOFF);
    }
    if (update.contains("#cp")) {
      names.put("#cp", CHECKPOINT);
    }
    try {
      UpdateItemResponse r = client.updateItem(UpdateItemRequest.builder().tableName(table)
          .overrideConfiguration(leaseCall)
          .key(key(stream, group, shardId))
          .updateExpression(update)
          .conditionExpression("attribute_exists(#c) AND " + condition)
          .expressionAttributeNames(names)
          .expressionAttributeValues(values)
          .returnValues(known == null ? ReturnValue.ALL_NEW : ReturnValue.UPDATED_NEW)
          .build());
      return Optional.of(known == null ? LeaseItems.parse(r.attributes(), table, stream, group)
          : LeaseItems.merge(known, r.attributes()));
    } catch (ConditionalCheckFailedException e) {
      return readBack(stream, group, shardId, what).filter(applied);
    } catch (SdkException e) {
      throw failure(what + " the lease of shard " + shardId, stream, group, e);
    }
  }

  /**
   * The item as it is now (strongly consistent). A Query on its key rather than a GetItem, so
   * that the workers need no permission beyond those the README lists.
   */
  private Optional<Lease> readBack(String stream, String group, String shardId, String what) {
    try {
      QueryResponse r = client.query(b -> b.tableName(table).consistentRead(true)
          .overrideConfiguration(leaseCall)
          .keyConditionExpression("#k = :k AND #s = :s")
          .expressionAttributeNames(Map.of("#k", KEY, "#s", SHARD))
          .expressionAttributeValues(Map.of(":k", s(partition(stream, group)), ":s", s(shardId))));
      return r.items().isEmpty() ? Optional.empty() : Optional.of(LeaseItems.parse(r.items().get(0), table, stream, group));
    } catch (SdkException e) {
      throw failure("read back (after a failed condition) the " + what + " of the lease of shard "
          + shardId, stream, group, e);
    }
  }

  private CheckpointStoreException failure(String what, String stream, String group, SdkException e) {
    return new CheckpointStoreException("cannot " + what + " of stream " + stream + " for group "
        + group + " in table " + table + ": " + e.getMessage(), e);
  }

  @Override
  public String toString() {
    return "DynamoDbCheckpointStore[" + table + ", worker " + workerId + "]";
  }
}
