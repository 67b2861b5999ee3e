package dev.mq.tck.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The books of one load test on one queue and group, by message id. They record what was pushed
 * (accepted when {@code push} returned, "maybe" when it threw: such a message may arrive but need
 * not), which consumer holds which message, and what was acknowledged, and they note each
 * delivery the contract forbids: a message delivered while another consumer holds it (3.4, 3.6),
 * a message delivered again after its acknowledgement returned (4.1), a message never pushed to
 * this queue (3.7). A redelivery is allowed only after its holder was closed without settling it
 * (3.3). Thread-safe.
 */
final class LoadBooks {

  /** Violations kept in full; the rest are only counted. */
  private static final int MAX_KEPT = 10;

  /** The counts of a run. */
  public record Counts(int sent, int maybe, int received, int deliveries, int redeliveries, int lost,
      int violations) {
    @Override
    public String toString() {
      return "sent=" + sent + " received=" + received + " redelivered=" + redeliveries + " lost=" + lost
          + " (deliveries=" + deliveries + ", failed pushes=" + maybe + ", violations=" + violations + ")";
    }
  }

  private final String queue;
  private final Set<String> pushing = new HashSet<>();
  private final Set<String> accepted = new HashSet<>();
  private final Set<String> maybe = new HashSet<>();
  private final Set<String> acked = new HashSet<>();
  private final Set<String> deliveredBefore = new HashSet<>();
  private final Map<String, Integer> holders = new HashMap<>();
  private final List<String> violations = new ArrayList<>();
  private int violationCount;
  private int deliveries;
  private int redeliveries;
  private int releasedUnacked;

  /** Books for messages pushed to {@code queue}. */
  public LoadBooks(String queue) {
    this.queue = queue;
  }

  /** A push of {@code id} is about to start, so a delivery of it is no longer foreign. */
  public synchronized void pushing(String id) {
    pushing.add(id);
  }

  /** The push of {@code id} returned: the broker accepted it. */
  public synchronized void accepted(String id) {
    accepted.add(id);
    maybe.remove(id);
  }

  /** The push of {@code id} threw: it may arrive, but need not. */
  public synchronized void failed(String id) {
    if (!accepted.contains(id)) {
      maybe.add(id);
    }
  }

  /** {@code id} was delivered to consumer {@code holder}; notes what the contract forbids. */
  public synchronized void delivered(String id, int holder) {
    deliveries++;
    if (!pushing.contains(id)) {
      violation("message " + id + " was delivered from queue " + queue + " but never pushed to it");
      return;
    }
    Integer other = holders.putIfAbsent(id, holder);
    if (other != null) {
      violation("message " + id + " was delivered to consumer " + holder + " while consumer " + other
          + " held it unacknowledged (delivered twice at once)");
    }
    if (acked.contains(id)) {
      violation("message " + id + " was delivered again after it was acknowledged (delivered twice)");
    }
    if (deliveredBefore.contains(id)) {
      redeliveries++;
    } else {
      deliveredBefore.add(id);
    }
  }

  /** The acknowledgement of {@code id} by {@code holder} returned. */
  public synchronized void acknowledged(String id, int holder) {
    acked.add(id);
    holders.remove(id, holder);
  }

  /**
   * Consumer {@code holder} is about to be closed (or stopped) without settling what it holds:
   * those messages may be delivered again (3.3).
   */
  public synchronized void releasing(int holder) {
    int before = holders.size();
    holders.values().removeIf(h -> h == holder);
    releasedUnacked += before - holders.size();
  }

  /** Accepted messages not acknowledged yet. */
  public synchronized int missing() {
    int n = 0;
    for (String id : accepted) {
      if (!acked.contains(id)) {
        n++;
      }
    }
    return n;
  }

  /** Acknowledged messages, a measure of progress. */
  public synchronized int acknowledgedCount() {
    return acked.size();
  }

  /** Messages whose push returned or threw, a measure of the producers' progress. */
  public synchronized int pushedCount() {
    return accepted.size() + maybe.size();
  }

  /** Messages accepted so far. */
  public synchronized int acceptedCount() {
    return accepted.size();
  }

  /** How many unacknowledged messages closed consumers gave back. */
  public synchronized int releasedUnacked() {
    return releasedUnacked;
  }

  /** The counts so far. */
  public synchronized Counts counts() {
    int received = 0;
    for (String id : accepted) {
      if (acked.contains(id)) {
        received++;
      }
    }
    return new Counts(accepted.size(), maybe.size(), received, deliveries, redeliveries,
        accepted.size() - received, violationCount);
  }

  /** The first violations, and how many there were. */
  public synchronized String violations() {
    return violationCount == 0 ? "none"
        : violationCount + ", first: " + String.join("; ", violations);
  }

  /** True when nothing forbidden was seen. */
  public synchronized boolean clean() {
    return violationCount == 0;
  }

  private void violation(String what) {
    violationCount++;
    if (violations.size() < MAX_KEPT) {
      violations.add(what);
    }
  }
}
