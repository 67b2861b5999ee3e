package dev.mq.kinesis.internal.kcl;

import dev.mq.kinesis.checkpoint.Checkpoint;
import dev.mq.kinesis.checkpoint.CheckpointStoreException;
import java.time.Instant;
import java.util.Optional;

/**
 * Converts a KCL checkpoint into this provider's {@link Checkpoint}, so that the group reads
 * exactly what the KCL application would have read next.
 *
 * <p>A KCL checkpoint {@code (sequence, sub-sequence)} says that every user record up to and
 * including it was processed; the KCL restarts at that record and drops every user record whose
 * {@code (sequence, sub-sequence)} is not above it. A record that is not a KPL aggregate counts
 * as sub-sequence 0. That is {@link Checkpoint#at}{@code (sequence, sub-sequence)}: the reader
 * starts at that record and skips its sub-records up to and including the sub-sequence number,
 * which for a plain record (sub-record 0) is the whole record. {@link Checkpoint#afterRecord}
 * would be wrong for a KCL checkpoint of sub-sequence 0 inside an aggregate: the rest of the
 * aggregate would be lost.
 *
 * <table>
 *   <caption>KCL checkpoint to this provider's</caption>
 *   <tr><th>KCL {@code checkpoint}</th><th>imported as</th></tr>
 *   <tr><td>a sequence number, sub-sequence {@code n}</td><td>{@code Checkpoint.at(seq, n)}</td></tr>
 *   <tr><td>{@code SHARD_END}</td><td>{@link Checkpoint#shardEnd()}: its children may be read</td></tr>
 *   <tr><td>{@code TRIM_HORIZON}</td><td>{@link #TRIM_HORIZON}: read from the oldest record</td></tr>
 *   <tr><td>{@code LATEST}, {@code AT_TIMESTAMP}</td><td>nothing: the KCL's start position is
 *     its own configuration, unknown here, so the group's {@code initial-position} decides</td></tr>
 * </table>
 */
final class KclCheckpoints {

  /**
   * The KCL's {@code TRIM_HORIZON}: a start time before every record, so that the shard is read
   * from the oldest record it still holds, whatever the group's {@code initial-position}
   * (GetShardIterator's reference: a time stamp older than the trim horizon gives the iterator of
   * the oldest untrimmed record). A stored start time, unlike "no checkpoint", also makes the
   * import happen once when no lease of the KCL table has a sequence number yet.
   */
  static final Checkpoint TRIM_HORIZON = Checkpoint.atTimestamp(Instant.EPOCH);

  private KclCheckpoints() {}

  /**
   * {@return where the group starts the lease's shard; empty when the KCL never checkpointed it
   * and started at {@code LATEST} or a time}
   *
   * @throws CheckpointStoreException for a checkpoint that is none of the KCL's forms
   */
  static Optional<Checkpoint> convert(KclLease lease, String table) {
    String cp = lease.checkpoint();
    switch (cp) {
      case "SHARD_END":
        return Optional.of(Checkpoint.shardEnd());
      case "TRIM_HORIZON":
        return Optional.of(TRIM_HORIZON);
      case "LATEST":
      case "AT_TIMESTAMP":
        return Optional.empty();
      default:
        try {
          return Optional.of(Checkpoint.at(cp, lease.subSequenceNumber()));
        } catch (IllegalArgumentException e) {
          throw new CheckpointStoreException("the KCL lease " + lease.leaseKey() + " in table " + table
              + " has a checkpoint that cannot be imported: '" + cp + "' with sub-sequence number "
              + lease.subSequenceNumber(), e);
        }
    }
  }
}
