package dev.mq.kinesis.internal.lease;

import dev.mq.kinesis.checkpoint.Checkpoint;
import java.util.List;
import java.util.Map;

/**
 * A checkpoint store for one process per group (no leases) that also keeps, per shard, the runs
 * of messages acknowledged beyond the checkpoint. The engine writes them when it closes, so that
 * a restart delivers again only what was not acknowledged (SPEC 4.5), as a lease hand-over does.
 */
public interface DoneAheadStore {

  /**
   * {@return the runs stored for each shard of the stream and group; empty when none}
   *
   * @param stream the stream (name or ARN)
   * @param group the consumer group
   */
  Map<String, List<DoneRange>> loadDoneAhead(String stream, String group);

  /**
   * Stores checkpoints and replaces the done-ahead runs of the shards in {@code doneAhead}, in
   * one write; the runs of other shards stay.
   *
   * @param stream the stream (name or ARN)
   * @param group the consumer group
   * @param checkpoints the checkpoints by shard id
   * @param doneAhead the runs by shard id; a shard with an empty list has its runs removed
   */
  void save(String stream, String group, Map<String, Checkpoint> checkpoints,
      Map<String, List<DoneRange>> doneAhead);
}
