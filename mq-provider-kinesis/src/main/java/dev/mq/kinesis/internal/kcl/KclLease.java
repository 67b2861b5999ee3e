package dev.mq.kinesis.internal.kcl;

import dev.mq.kinesis.checkpoint.CheckpointStoreException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One item of a KCL lease table (KCL 2.x and 3.x; 1.x writes the same attributes), as far as an
 * import needs it. The KCL writes {@code leaseKey} (S, hash key: the shard id, or
 * {@code <account>:<stream>:<creation epoch>:<shard id>} in multi-stream mode),
 * {@code leaseOwner} (S, absent when free), {@code leaseCounter} (N, raised by every renewal and
 * take), {@code checkpoint} (S: a sequence number or {@code TRIM_HORIZON}, {@code LATEST},
 * {@code AT_TIMESTAMP}, {@code SHARD_END}), {@code checkpointSubSequenceNumber} (N) and
 * {@code parentShardId} (SS, optional). The pending checkpoint is ignored, as the KCL itself
 * restarts from {@code checkpoint} and only shows the pending one to the record processor.
 *
 * <p>KCL 3 also keeps its coordinator state in the lease table (the leader lock, the version
 * migration, each worker's metrics): those items carry an {@code entityType} other than
 * {@code LEASE}, and {@link #isLease} tells them apart; leases of earlier KCLs carry none.
 *
 * @param leaseKey the item's key
 * @param owner the worker holding it, or null
 * @param counter the lease counter
 * @param checkpoint the checkpoint as the KCL wrote it
 * @param subSequenceNumber {@code checkpointSubSequenceNumber}; 0 when absent, as for the KCL
 * @param parentShardIds {@code parentShardId}, empty when absent
 */
record KclLease(String leaseKey, String owner, long counter, String checkpoint,
    long subSequenceNumber, List<String> parentShardIds) {

  static final String LEASE_KEY = "leaseKey";
  static final String LEASE_OWNER = "leaseOwner";
  static final String LEASE_COUNTER = "leaseCounter";
  static final String CHECKPOINT = "checkpoint";
  static final String CHECKPOINT_SUB_SEQUENCE = "checkpointSubSequenceNumber";
  static final String PARENT_SHARD_ID = "parentShardId";
  static final String ENTITY_TYPE = "entityType";
  static final String LEASE_ENTITY = "LEASE";

  public KclLease {
    Objects.requireNonNull(leaseKey, "leaseKey");
    Objects.requireNonNull(checkpoint, "checkpoint");
    parentShardIds = List.copyOf(parentShardIds);
  }

  /** The shard id: the key itself, or its last part in multi-stream mode. */
  String shardId() {
    int colon = leaseKey.lastIndexOf(':');
    return colon < 0 ? leaseKey : leaseKey.substring(colon + 1);
  }

  /** {@return whether the key names the stream too (the KCL's multi-stream mode)} */
  boolean isMultiStream() {
    return leaseKey.indexOf(':') >= 0;
  }

  /** {@return whether the item is a lease: without an entity type, or with {@code LEASE}} */
  static boolean isLease(Map<String, AttributeValue> item) {
    AttributeValue type = item.get(ENTITY_TYPE);
    return type == null || LEASE_ENTITY.equals(type.s());
  }

  /**
   * Reads an item; a malformed one is reported naming the table and the key, never guessed at.
   *
   * @throws CheckpointStoreException if a needed attribute is missing or malformed
   */
  static KclLease parse(Map<String, AttributeValue> item, String table) {
    AttributeValue key = item.get(LEASE_KEY);
    String leaseKey = key != null && key.s() != null ? key.s() : "(no " + LEASE_KEY + ")";
    try {
      if (key == null || key.s() == null || key.s().isEmpty()) {
        throw new IllegalArgumentException("no " + LEASE_KEY);
      }
      AttributeValue owner = item.get(LEASE_OWNER);
      AttributeValue cp = item.get(CHECKPOINT);
      if (cp == null || cp.s() == null || cp.s().isEmpty()) {
        throw new IllegalArgumentException("no " + CHECKPOINT);
      }
      AttributeValue sub = item.get(CHECKPOINT_SUB_SEQUENCE);
      AttributeValue parents = item.get(PARENT_SHARD_ID);
      return new KclLease(key.s(), owner == null || owner.s() == null || owner.s().isEmpty() ? null : owner.s(),
          number(item.get(LEASE_COUNTER), LEASE_COUNTER, null), cp.s(),
          number(sub, CHECKPOINT_SUB_SEQUENCE, 0L),
          parents != null && parents.hasSs() ? parents.ss() : List.of());
    } catch (IllegalArgumentException e) {
      throw new CheckpointStoreException("the KCL lease " + leaseKey + " in table " + table
          + " cannot be imported: " + e.getMessage(), e);
    }
  }

  private static long number(AttributeValue v, String name, Long absent) {
    if (v == null && absent != null) {
      return absent;
    }
    if (v == null || v.n() == null) {
      throw new IllegalArgumentException("no numeric " + name);
    }
    try {
      return Long.parseLong(v.n());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " is not a whole number: " + v.n(), e);
    }
  }
}
