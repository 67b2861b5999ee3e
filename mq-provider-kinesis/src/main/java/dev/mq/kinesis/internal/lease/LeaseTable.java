package dev.mq.kinesis.internal.lease;

import dev.mq.kinesis.checkpoint.Checkpoint;
import dev.mq.kinesis.internal.config.LeaseSettings;
import java.util.List;
import java.util.Optional;

/**
 * The lease table: storage and item mapping only, no threads and no timing; one item per
 * (group, stream, shard). Every write that concerns a held lease is conditional on the counter
 * (and owner) the writer expects, so that a worker that lost a lease can never move its
 * checkpoint. A condition that does not hold is an empty result; any other failure is a
 * {@link dev.mq.kinesis.checkpoint.CheckpointStoreException}. The {@code dynamodb} checkpoint
 * store is one; {@code CheckpointStores.open} says so in {@code OpenedStore.leaseTable()}.
 */
public interface LeaseTable {

  /** {@return this broker's worker id: unique per store instance, i.e. per broker} */
  String workerId();

  /** {@return the timings and bounds of the lease protocol} */
  LeaseSettings leaseSettings();

  /**
   * {@return every lease item of the group on the stream (strongly consistent)}
   *
   * @param stream the stream (name or ARN)
   * @param group the consumer group
   */
  List<Lease> list(String stream, String group);

  /**
   * Creates a free lease item for a shard unless one exists; true when this call created
   * it.
   *
   * @param stream the stream (name or ARN)
   * @param group the consumer group
   * @param shardId the shard
   * @param parentShardIds the parents of the shard, which end before it is read
   * @return true when this call created the item, false when it existed
   */
  boolean create(String stream, String group, String shardId, List<String> parentShardIds);

  /**
   * Takes {@code expected} for this worker if its counter is still the expected one.
   *
   * @param stream the stream (name or ARN)
   * @param group the consumer group
   * @param expected the lease as last read
   * @return the lease now held, empty when another write came first
   */
  Optional<Lease> take(String stream, String group, Lease expected);

  /**
   * Asks the owner of {@code expected} to hand it over to this worker (the owner sees it
   * at its next renewal), if its counter and owner are still the expected ones.
   *
   * @param stream the stream (name or ARN)
   * @param group the consumer group
   * @param expected the lease as last read
   * @return true when the request was written, false when the lease changed meanwhile
   */
  boolean requestHandOver(String stream, String group, Lease expected);

  /**
   * Raises the counter of a lease this worker holds, if it still holds it.
   *
   * @param stream the stream (name or ARN)
   * @param group the consumer group
   * @param held the lease as this worker last wrote it
   * @return the renewed lease, empty when this worker lost it
   */
  Optional<Lease> renew(String stream, String group, Lease held);

  /**
   * Writes the checkpoint of a lease this worker holds, if it still holds it; with
   * {@code release} the owner is cleared in the same write (for SHARD_END and hand-overs).
   *
   * @param stream the stream (name or ARN)
   * @param group the consumer group
   * @param held the lease as this worker last wrote it
   * @param checkpoint the new checkpoint
   * @param release whether the owner is cleared in the same write
   * @return the lease as written, empty when this worker lost it
   */
  Optional<Lease> checkpoint(String stream, String group, Lease held, Checkpoint checkpoint, boolean release);

  /**
   * Hands a lease this worker holds over: writes its last checkpoint (unless null) and the
   * runs of messages done beyond it, and clears the owner, in one conditional write; false when it
   * no longer held it.
   *
   * @param stream the stream (name or ARN)
   * @param group the consumer group
   * @param held the lease as this worker last wrote it
   * @param last the last checkpoint, or null to keep the stored one
   * @param doneAhead the runs of messages settled beyond it
   * @return true when written
   */
  boolean handOver(String stream, String group, Lease held, Checkpoint last, List<DoneRange> doneAhead);

  /**
   * Clears the owner of a lease this worker holds; false when it no longer held it.
   *
   * @param stream the stream (name or ARN)
   * @param group the consumer group
   * @param held the lease as this worker last wrote it
   * @return true when written
   */
  boolean release(String stream, String group, Lease held);
}
