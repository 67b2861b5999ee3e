package dev.mq.kinesis.internal.lease;

import dev.mq.kinesis.checkpoint.Checkpoint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Positions {@code from} to {@code to} (both included) of one shard, beyond its checkpoint, whose
 * messages are all done: a run of consecutive messages acknowledged while an earlier one was
 * not. A hand-over stores such runs so that the next owner skips them; a run of any length takes
 * the room of two positions.
 *
 * <p>String form: {@code <from>..<to>}, or one position when {@code from} equals {@code to}
 * (which is also how single positions were stored before runs).
 *
 * @param from the first position of the run
 * @param to the last position of the run
 */
public record DoneRange(Checkpoint from, Checkpoint to) implements Comparable<DoneRange> {

  /**
   * At most this many runs are handed over per shard (about 120 bytes each in the lease item,
   * so at most about 24 KB): those nearest the checkpoint are kept, the messages of the others
   * are delivered again by the next owner (at least once).
   */
  public static final int MAX_RANGES = 200;

  private static final String SEPARATOR = "..";

  /**
   * Checks that both ends are record positions and {@code from} is not after {@code to}.
   *
   * @param from the first position of the run
   * @param to the last position of the run
   */
  public DoneRange {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (!from.isPosition() || !to.isPosition()) {
      throw new IllegalArgumentException("a done range holds record positions only: " + from + SEPARATOR + to);
    }
    if (from.compareTo(to) > 0) {
      throw new IllegalArgumentException("a done range ends before it starts: " + from + SEPARATOR + to);
    }
  }

  /**
   * {@return one position}
   *
   * @param position a record position
   */
  public static DoneRange of(Checkpoint position) {
    return new DoneRange(position, position);
  }

  /**
   * {@return true when {@code position} lies in this run}
   *
   * @param position any checkpoint; only a record position can be covered
   */
  public boolean covers(Checkpoint position) {
    return position.isPosition() && from.compareTo(position) <= 0 && position.compareTo(to) <= 0;
  }

  @Override
  public int compareTo(DoneRange o) {
    int c = from.compareTo(o.from);
    return c != 0 ? c : to.compareTo(o.to);
  }

  @Override
  public String toString() {
    return from.equals(to) ? from.toString() : from + SEPARATOR + to;
  }

  /**
   * Parses what {@link #toString()} returns.
   *
   * @throws IllegalArgumentException if {@code text} is not such a string
   * @param text a string made by {@link #toString()}
   * @return the run
   */
  public static DoneRange parse(String text) {
    int sep = text.indexOf(SEPARATOR);
    if (sep < 0) {
      return of(Checkpoint.parse(text));
    }
    return new DoneRange(Checkpoint.parse(text.substring(0, sep)),
        Checkpoint.parse(text.substring(sep + SEPARATOR.length())));
  }

  /**
   * {@return the runs in order, overlapping ones merged, and only the first {@link #MAX_RANGES}:
   * the ones beyond are dropped (their messages are delivered again)}
   *
   * @param ranges runs in any order
   */
  public static List<DoneRange> bounded(Collection<DoneRange> ranges) {
    List<DoneRange> sorted = new ArrayList<>(ranges);
    sorted.sort(null);
    List<DoneRange> out = new ArrayList<>();
    for (DoneRange r : sorted) {
      DoneRange last = out.isEmpty() ? null : out.get(out.size() - 1);
      if (last != null && r.from.compareTo(last.to) <= 0) {
        if (r.to.compareTo(last.to) > 0) {
          out.set(out.size() - 1, new DoneRange(last.from, r.to));
        }
      } else if (out.size() < MAX_RANGES) {
        out.add(r);
      } else {
        break;
      }
    }
    return List.copyOf(out);
  }

  /**
   * {@return true when one of {@code ranges} ({@link #bounded}: sorted, not overlapping) covers it}
   *
   * @param ranges the runs, as {@link #bounded} returns them
   * @param position any checkpoint
   */
  public static boolean anyCovers(List<DoneRange> ranges, Checkpoint position) {
    int lo = 0;
    int hi = ranges.size() - 1;
    while (lo <= hi) { // the last run that starts at or before the position
      int mid = (lo + hi) >>> 1;
      if (ranges.get(mid).from.compareTo(position) <= 0) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return hi >= 0 && ranges.get(hi).covers(position);
  }
}
