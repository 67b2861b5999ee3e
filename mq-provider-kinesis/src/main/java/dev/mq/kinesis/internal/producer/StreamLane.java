package dev.mq.kinesis.internal.producer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The records waiting for one stream, one FIFO queue per Kinesis partition key. Only the head of
 * a key's queue may be sent, and only while it is not in flight: so a key never has more than
 * one unconfirmed record, and a record is never sent before every earlier record of its key is
 * written or has failed for good. Confined to the dispatcher thread.
 *
 * <p>Keys whose head is in flight are kept out of the scans: with one caller keeping thousands
 * of records in flight ({@code pushAsync}), scanning them on every dispatch made the producer
 * itself the bottleneck.
 */
final class StreamLane {

  /** Heads chosen for one request, and whether more were eligible than fitted. */
  record Batch(List<PendingEntry> entries, long bytes, boolean full) {}

  final String stream;
  private final Map<String, ArrayDeque<PendingEntry>> byKey = new LinkedHashMap<>();
  /** Keys whose head is not in flight, in the order they became so. */
  private final Set<String> idle = new LinkedHashSet<>();
  /** Idle keys whose head waits for its retry back-off. */
  private final Set<String> backingOff = new HashSet<>();
  private int size;

  StreamLane(String stream) {
    this.stream = stream;
  }

  void add(PendingEntry e) {
    ArrayDeque<PendingEntry> queue = byKey.computeIfAbsent(e.key(), k -> new ArrayDeque<>());
    if (queue.isEmpty()) {
      idle.add(e.key());
    }
    queue.addLast(e);
    size++;
  }

  /** A head was put into a request. */
  void sent(PendingEntry head) {
    head.inFlight = true;
    idle.remove(head.key());
    backingOff.remove(head.key());
  }

  /** A head's request failed and it waits for its retry. */
  void backOff(PendingEntry head) {
    head.inFlight = false;
    idle.add(head.key());
    backingOff.add(head.key());
  }

  boolean isEmpty() {
    return size == 0;
  }

  /**
   * The heads that may be sent now, in the order their keys arrived, within the request limits.
   * Nothing is changed.
   */
  Batch sendable(long now, int maxRecords, long maxBytes) {
    List<PendingEntry> chosen = new ArrayList<>();
    long bytes = 0;
    boolean full = false;
    for (String key : idle) {
      PendingEntry head = byKey.get(key).peekFirst();
      if (head.attempts > 0 && head.notBeforeNanos - now > 0) {
        continue;
      }
      if (chosen.size() == maxRecords || bytes + head.size > maxBytes) {
        full = true;
        if (chosen.size() == maxRecords) {
          break;
        }
        continue;
      }
      chosen.add(head);
      bytes += head.size;
    }
    return new Batch(chosen, bytes, full || chosen.size() == maxRecords);
  }

  /** The earliest time a waiting (backing-off) head becomes sendable, or Long.MAX_VALUE. */
  long nextRetryNanos() {
    long next = Long.MAX_VALUE;
    for (String key : backingOff) {
      next = Math.min(next, byKey.get(key).peekFirst().notBeforeNanos);
    }
    return next;
  }

  /** Removes a head that was written or failed for good; the next record of its key moves up. */
  void remove(PendingEntry e) {
    ArrayDeque<PendingEntry> queue = byKey.get(e.key());
    if (queue == null || queue.peekFirst() != e) {
      throw new IllegalStateException("only the head of a key's queue completes");
    }
    queue.removeFirst();
    size--;
    e.inFlight = false;
    backingOff.remove(e.key());
    if (queue.isEmpty()) {
      byKey.remove(e.key());
      idle.remove(e.key());
    } else {
      idle.add(e.key()); // its next record is a fresh head
    }
  }

  /** Heads that were never sent and whose retry time ran out while they waited. */
  List<PendingEntry> expiredUnsentHeads(long now) {
    List<PendingEntry> out = new ArrayList<>();
    for (String key : idle) {
      PendingEntry head = byKey.get(key).peekFirst();
      if (head.attempts == 0 && now - head.deadlineNanos > 0) {
        out.add(head);
      }
    }
    return out;
  }

  /** Removes and returns every record that is not in flight (for a stream that is gone). */
  List<PendingEntry> removeNotInFlight() {
    List<PendingEntry> out = new ArrayList<>();
    for (Iterator<ArrayDeque<PendingEntry>> it = byKey.values().iterator(); it.hasNext(); ) {
      ArrayDeque<PendingEntry> queue = it.next();
      queue.removeIf(e -> {
        if (e.inFlight) {
          return false;
        }
        out.add(e);
        return true;
      });
      if (queue.isEmpty()) {
        it.remove();
      }
    }
    size -= out.size();
    idle.clear(); // what is left is in flight
    backingOff.clear();
    return out;
  }

  /** Removes and returns every record; used at close. */
  List<PendingEntry> drainAll() {
    List<PendingEntry> out = new ArrayList<>(size);
    for (Iterator<ArrayDeque<PendingEntry>> it = byKey.values().iterator(); it.hasNext(); ) {
      out.addAll(it.next());
      it.remove();
    }
    size = 0;
    idle.clear();
    backingOff.clear();
    return out;
  }
}
