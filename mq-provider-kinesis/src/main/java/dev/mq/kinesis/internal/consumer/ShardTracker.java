package dev.mq.kinesis.internal.consumer;

import dev.mq.kinesis.checkpoint.Checkpoint;
import dev.mq.kinesis.internal.lease.DoneRange;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The acknowledgement state of one shard for one group. Messages are added in shard order;
 * acknowledgements may come in any order; the checkpoint moves to the last message below which
 * everything is settled, never past an unacknowledged one. Once the shard is closed and everything
 * is settled, the checkpoint becomes SHARD_END.
 */
public final class ShardTracker {

  private final String shardId;
  private final ArrayDeque<InboundMessage> outstanding = new ArrayDeque<>();
  private Checkpoint checkpoint;
  private boolean dirty;
  private boolean closed;
  private long outstandingBytes;
  private boolean abandoned;
  private boolean sealed;
  // Runs beyond the checkpoint done by a previous owner (sorted, not overlapping): skipped when
  // read again.
  private final List<DoneRange> doneBefore;

  /**
   * A tracker with nothing done beyond the checkpoint.
   *
   * @param shardId the shard
   * @param start the stored checkpoint, or null when the group never checkpointed the shard
   */
  public ShardTracker(String shardId, Checkpoint start) {
    this(shardId, start, List.of());
  }

  /**
   * A tracker that skips what a previous owner settled.
   *
   * @param shardId the shard
   * @param start the stored checkpoint, or null when the group never checkpointed the shard
   * @param doneAhead runs of positions beyond {@code start} whose messages a previous owner
   *     settled: they are skipped (settled at once, never delivered) when read
   */
  public ShardTracker(String shardId, Checkpoint start, List<DoneRange> doneAhead) {
    this.shardId = shardId;
    this.checkpoint = start;
    this.doneBefore = DoneRange.bounded(doneAhead.stream()
        .filter(r -> start == null || r.to().compareTo(start) > 0).toList());
  }

  /**
   * What a hand-over writes, taken in one step under this tracker's lock: the checkpoint if it
   * changed, and the runs done beyond it. The shard is abandoned in the same step, so that an
   * acknowledgement arriving later changes nothing (the next owner delivers that message again)
   * instead of falling between the two.
   */
  public record HandOver(Optional<Checkpoint> last, List<DoneRange> doneAhead) {
    /**
     * {@return true when the next owner treats {@code position} as done}
     *
     * @param position a record position
     */
    public boolean covers(Checkpoint position) {
      return last.filter(cp -> cp.compareTo(position) >= 0).isPresent()
          || DoneRange.anyCovers(doneAhead, position);
    }
  }

  /**
   * Takes the {@link HandOver} snapshot and abandons the shard.
   *
   * @return what the hand-over writes
   */
  public synchronized HandOver handOver() {
    HandOver h = new HandOver(takeChanged(), doneAhead());
    abandon();
    return h;
  }

  /** {@return the shard} */
  public String shardId() {
    return shardId;
  }

  /**
   * Tracks a message just read; it counts against the read-ahead (both limits) until the
   * checkpoint passes it.
   *
   * @param m the message, in shard order
   */
  public synchronized void add(InboundMessage m) {
    if (abandoned || sealed) {
      m.markAbandoned(); // read by a step that ran on while the shard was given up
      return;
    }
    if (!doneBefore.isEmpty() && DoneRange.anyCovers(doneBefore, m.checkpoint())) {
      // acknowledged under the previous owner: settled now, and the dispatcher skips it
      m.markSettled();
      hold(m);
      advance();
      return;
    }
    hold(m);
  }

  /**
   * Holds a message until the checkpoint passes it. Its bytes count until then, settled or not:
   * a message acknowledged behind an unacknowledged one is still held here, envelope and all.
   */
  private void hold(InboundMessage m) {
    outstanding.addLast(m);
    outstandingBytes += m.size();
  }

  /**
   * {@return runs of positions beyond the checkpoint whose messages are settled: consecutive
   * messages acknowledged ahead of an earlier unsettled one, and the runs a previous owner settled;
   * {@link DoneRange#bounded} (the runs beyond its cap are left out: delivered again)}
   */
  public synchronized List<DoneRange> doneAhead() {
    List<DoneRange> out = new ArrayList<>();
    for (DoneRange r : doneBefore) {
      if (checkpoint == null || r.to().compareTo(checkpoint) > 0) {
        out.add(r);
      }
    }
    Checkpoint from = null;
    Checkpoint to = null;
    for (InboundMessage m : outstanding) {
      if (m.isSettled() && !m.isAbandoned()) {
        to = m.checkpoint();
        from = from == null ? to : from;
      } else if (from != null) {
        out.add(new DoneRange(from, to));
        from = null;
      }
    }
    if (from != null) {
      out.add(new DoneRange(from, to));
    }
    return DoneRange.bounded(out);
  }

  /**
   * Notes that a record produced no message to deliver (e.g. it was dead-lettered by the reader),
   * so the checkpoint may pass it.
   *
   * @param m the message standing for the record
   */
  public synchronized void addDone(InboundMessage m) {
    if (abandoned || sealed) {
      m.markAbandoned();
      return;
    }
    m.markSettled();
    hold(m);
    advance();
  }

  /**
   * Marks a message settled.
   *
   * @param m a message of this shard
   * @return true when this moved the checkpoint
   */
  public synchronized boolean settled(InboundMessage m) {
    if (m.isSettled() || abandoned) {
      return false;
    }
    m.markSettled();
    return advance();
  }

  private boolean advance() {
    boolean moved = false;
    while (!outstanding.isEmpty() && outstanding.peekFirst().isSettled()) {
      InboundMessage m = outstanding.pollFirst();
      outstandingBytes -= m.size();
      checkpoint = m.checkpoint();
      moved = true;
    }
    if (closed && outstanding.isEmpty() && (checkpoint == null || !checkpoint.isShardEnd())) {
      checkpoint = Checkpoint.shardEnd();
      moved = true;
    }
    dirty |= moved;
    return moved;
  }

  /** The shard is closed: no message follows the ones added so far. */
  public synchronized void markClosed() {
    if (abandoned || sealed) {
      return;
    }
    closed = true;
    advance();
  }

  /** {@return true when the shard is closed and every message of it is settled: the shard ended} */
  public synchronized boolean isEnded() {
    return checkpoint != null && checkpoint.isShardEnd();
  }

  /** {@return messages read and not yet settled} */
  public synchronized int outstandingCount() {
    return (int) outstanding.stream().filter(m -> !m.isSettled()).count();
  }

  /** {@return messages read, not settled and not abandoned: those delivered and not yet settled} */
  public synchronized int inFlightCount() {
    return (int) outstanding.stream().filter(m -> !m.isSettled() && !m.isAbandoned()).count();
  }

  /**
   * {@return bytes (as {@link InboundMessage#retainedBytes} counts them) of the messages held
   * beyond the checkpoint: read and not settled, or settled behind one that is not}
   */
  public synchronized long outstandingBytes() {
    return outstandingBytes;
  }

  /**
   * {@return how many more records may be read before {@code maxRecords} are held}
   *
   * @param maxRecords the read-ahead limit in records
   */
  public synchronized int room(int maxRecords) {
    return Math.max(0, maxRecords - outstanding.size());
  }

  /**
   * {@return true when the read-ahead limits are reached: {@code maxRecords} messages or
   * {@code maxBytes} bytes held beyond the checkpoint. The reader checks before each message it
   * takes, so it overshoots by one message at most}
   *
   * @param maxRecords the read-ahead limit in records
   * @param maxBytes the read-ahead limit in bytes
   */
  public synchronized boolean isFull(int maxRecords, long maxBytes) {
    return outstanding.size() >= maxRecords || outstandingBytes >= maxBytes;
  }

  /** {@return the current checkpoint} */
  public synchronized Optional<Checkpoint> checkpoint() {
    return Optional.ofNullable(checkpoint);
  }

  /** {@return the checkpoint if it changed since the last call, clearing the change} */
  public synchronized Optional<Checkpoint> takeChanged() {
    if (!dirty || checkpoint == null || abandoned) {
      return Optional.empty();
    }
    dirty = false;
    return Optional.of(checkpoint);
  }

  /**
   * The shard's lease is lost: every message read and not settled, and every one added later, is
   * abandoned (the new owner delivers it again); the checkpoint never changes again.
   */
  public synchronized void abandon() {
    abandoned = true;
    dirty = false;
    for (InboundMessage m : outstanding) {
      m.markAbandoned();
      m.markSettled();
    }
    outstanding.clear();
    outstandingBytes = 0;
  }

  /**
   * The shard is being handed over: messages read from now on are abandoned at once (the next
   * owner reads them), those tracked already may still be settled.
   */
  public synchronized void seal() {
    sealed = true;
  }

  /** Marks the checkpoint as changed again after a failed store write. */
  public synchronized void markChanged() {
    dirty = !abandoned;
  }
}
