package dev.mq.kinesis.internal.checkpoint;

import dev.mq.kinesis.checkpoint.Checkpoint;
import dev.mq.kinesis.checkpoint.CheckpointStoreException;
import dev.mq.kinesis.internal.lease.DoneRange;
import dev.mq.kinesis.internal.lease.Lease;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The mapping between a {@link Lease} and its DynamoDB item: the attribute names, the key and
 * the parsing of an item (see {@link DynamoDbCheckpointStore} for the layout). A malformed item
 * is reported, never repaired.
 */
final class LeaseItems {

  static final String KEY = "streamGroup";
  static final String SHARD = "shardId";
  static final String OWNER = "leaseOwner";
  static final String COUNTER = "leaseCounter";
  static final String CHECKPOINT = "checkpoint";
  static final String PARENTS = "parentShardIds";
  static final String HANDOFF = "handoffTo";
  static final String DONE_AHEAD = "doneAhead";

  private LeaseItems() {}

  /** Reads an item; a malformed one is reported, never repaired. */
  static Lease parse(Map<String, AttributeValue> item, String table, String stream, String group) {
    AttributeValue shard = item.get(SHARD);
    String shardId = shard != null && shard.s() != null ? shard.s() : "(no shard id)";
    try {
      if (shard == null || shard.s() == null) {
        throw new IllegalArgumentException("no " + SHARD);
      }
      AttributeValue counter = item.get(COUNTER);
      if (counter == null || counter.n() == null) {
        throw new IllegalArgumentException("no numeric " + COUNTER);
      }
      long c = Long.parseLong(counter.n());
      AttributeValue owner = item.get(OWNER);
      if (owner != null && (owner.s() == null || owner.s().isEmpty())) {
        throw new IllegalArgumentException(OWNER + " is not a non-empty string");
      }
      AttributeValue cp = item.get(CHECKPOINT);
      if (cp != null && cp.s() == null) {
        throw new IllegalArgumentException(CHECKPOINT + " is not a string");
      }
      List<String> parents = new ArrayList<>();
      AttributeValue ps = item.get(PARENTS);
      if (ps != null) {
        if (!ps.hasL()) {
          throw new IllegalArgumentException(PARENTS + " is not a list");
        }
        for (AttributeValue p : ps.l()) {
          if (p.s() == null) {
            throw new IllegalArgumentException(PARENTS + " holds a non-string");
          }
          parents.add(p.s());
        }
      }
      AttributeValue handoff = item.get(HANDOFF);
      if (handoff != null && (handoff.s() == null || handoff.s().isEmpty())) {
        throw new IllegalArgumentException(HANDOFF + " is not a non-empty string");
      }
      List<DoneRange> doneAhead = new ArrayList<>();
      AttributeValue ds = item.get(DONE_AHEAD);
      if (ds != null) {
        if (!ds.hasL()) {
          throw new IllegalArgumentException(DONE_AHEAD + " is not a list");
        }
        for (AttributeValue d : ds.l()) {
          if (d.s() == null) {
            throw new IllegalArgumentException(DONE_AHEAD + " holds a non-string");
          }
          doneAhead.add(DoneRange.parse(d.s()));
        }
      }
      return new Lease(shard.s(), owner == null ? null : owner.s(), c,
          cp == null ? null : Checkpoint.parse(cp.s()), parents, handoff == null ? null : handoff.s(),
          doneAhead);
    } catch (IllegalArgumentException e) {
      throw new CheckpointStoreException("the lease item of shard " + shardId + " of stream " + stream
          + " for group " + group + " in table " + table + " is corrupt: " + e.getMessage()
          + "; fix or delete the item (it is not reset automatically)", e);
    }
  }

  /** {@code known} with the counter and checkpoint that an UPDATED_NEW write returned. */
  static Lease merge(Lease known, Map<String, AttributeValue> updated) {
    AttributeValue c = updated.get(COUNTER);
    AttributeValue cp = updated.get(CHECKPOINT);
    return new Lease(known.shardId(), known.owner(),
        c != null && c.n() != null ? Long.parseLong(c.n()) : known.counter(),
        cp != null && cp.s() != null ? Checkpoint.parse(cp.s()) : known.checkpoint(),
        known.parentShardIds(), known.handoffTo(), known.doneAhead());
  }

  static Map<String, AttributeValue> key(String stream, String group, String shardId) {
    return Map.of(KEY, s(partition(stream, group)), SHARD, s(shardId));
  }

  static String partition(String stream, String group) {
    return stream + "/" + group;
  }

  static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  static AttributeValue n(long v) {
    return AttributeValue.fromN(Long.toString(v));
  }
}
