package dev.mq.kinesis.internal.lease;

import dev.mq.kinesis.checkpoint.Checkpoint;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write that hands a held lease over, falling back to writes with less when it fails (e.g.
 * the item would grow too large, or DynamoDB refused it): the checkpoint without the runs done
 * ahead (their messages are delivered again), then the bare lease; so that the next owner need
 * not wait for the lease to expire. The caller holds the lease's lock.
 */
final class LeaseHandOver {

  // under the coordinator's name: one logger (and one log setting) for the whole lease protocol
  private static final Logger log = LoggerFactory.getLogger(LeaseCoordinator.class);

  private LeaseHandOver() {}

  /** True when written (with all or less); false when the lease was no longer this worker's. */
  static boolean handOverOrFree(LeaseTable table, String stream, String group, Lease lease,
      Checkpoint last, List<DoneRange> doneAhead) {
    String me = table.workerId();
    String shardId = lease.shardId();
    RuntimeException first;
    try {
      return table.handOver(stream, group, lease, last, doneAhead);
    } catch (RuntimeException e) {
      first = e;
    }
    if (!doneAhead.isEmpty()) {
      log.warn("worker {} could not hand over shard {} of stream {} with {} runs of messages done "
          + "ahead; handing it over without them (they are delivered again)", me, shardId, stream,
          doneAhead.size(), first);
      try {
        return table.handOver(stream, group, lease, last, List.of());
      } catch (RuntimeException e) {
        first.addSuppressed(e);
      }
    }
    log.warn("worker {} could not hand over shard {} of stream {} with its last checkpoint; "
        + "freeing the lease without it (messages acknowledged since the last saved checkpoint "
        + "are delivered again)", me, shardId, stream, first);
    return table.release(stream, group, lease);
  }
}
