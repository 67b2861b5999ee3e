package dev.mq.tck.faults;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The books of one fault run. Messages are {@code key:seq}, pushed per key in {@code seq} order
 * by one thread. The ledger counts what was sent (accepted by push), reported as failed, and
 * received, and checks per-key order: when {@code key:n} is delivered, every accepted
 * {@code key:m} with {@code m < n} must have been handled already (the queue holds a key's next
 * message back until the previous one is settled). Thread-safe.
 */
public final class Ledger {

  /**
   * The counts of a run; {@code lost} must be 0.
   *
   * @param sent messages whose push returned
   * @param failedPushes messages whose push threw
   * @param received accepted messages that were handled
   * @param deliveries deliveries, redeliveries included
   * @param duplicates deliveries of a message handled already
   * @param lost accepted messages never handled
   * @param orderViolations deliveries that came before an earlier message of their key was handled
   */
  public record Counts(int sent, int failedPushes, int received, int deliveries, int duplicates, int lost,
      int orderViolations) {
    @Override
    public String toString() {
      return "sent=" + sent + " received=" + received + " duplicates=" + duplicates + " lost=" + lost
          + " (deliveries=" + deliveries + ", failed pushes reported=" + failedPushes
          + ", order violations=" + orderViolations + ")";
    }
  }

  private final Map<String, TreeSet<Integer>> accepted = new HashMap<>();
  private final Set<String> failed = new HashSet<>();
  private final Map<String, Set<Integer>> handled = new HashMap<>();
  private final List<String> violations = new ArrayList<>();
  private int deliveries;
  private int duplicates;

  /** An empty ledger, for one run. */
  public Ledger() {}

  /**
   * {@return the body of message {@code seq} of {@code key}}
   *
   * @param key the partition key
   * @param seq the message's number within its key
   */
  public static String body(String key, int seq) {
    return key + ":" + seq;
  }

  /**
   * Push of {@code key:seq} returned: the broker accepted it.
   *
   * @param key the partition key
   * @param seq the message's number within its key
   */
  public synchronized void accepted(String key, int seq) {
    accepted.computeIfAbsent(key, k -> new TreeSet<>()).add(seq);
  }

  /**
   * Push of {@code key:seq} threw: the caller was told; it may or may not be on the stream.
   *
   * @param key the partition key
   * @param seq the message's number within its key
   */
  public synchronized void failed(String key, int seq) {
    failed.add(body(key, seq));
  }

  /**
   * {@code body} was delivered: checks per-key order against what was handled so far in this
   * run.
   *
   * @param body the delivered message's body
   * @return false for a message that is not of this ledger, else true
   */
  public synchronized boolean delivered(String body) {
    int colon = body.lastIndexOf(':');
    if (colon < 0) {
      violations.add("foreign message " + body);
      return false;
    }
    String key = body.substring(0, colon);
    int seq = Integer.parseInt(body.substring(colon + 1));
    deliveries++;
    Set<Integer> done = handled.getOrDefault(key, Set.of());
    if (done.contains(seq)) {
      duplicates++;
      return true;
    }
    for (int earlier : accepted.getOrDefault(key, new TreeSet<>()).headSet(seq)) {
      if (!done.contains(earlier)) {
        violations.add(key + ":" + seq + " delivered before " + key + ":" + earlier + " was handled");
        break;
      }
    }
    return true;
  }

  /**
   * The handler finished {@code body} normally (so it is acknowledged).
   *
   * @param body the handled message's body
   */
  public synchronized void handled(String body) {
    int colon = body.lastIndexOf(':');
    handled.computeIfAbsent(body.substring(0, colon), k -> new HashSet<>())
        .add(Integer.parseInt(body.substring(colon + 1)));
  }

  /** {@return accepted messages not handled yet} */
  public synchronized int missing() {
    int n = 0;
    for (Map.Entry<String, TreeSet<Integer>> e : accepted.entrySet()) {
      Set<Integer> done = handled.getOrDefault(e.getKey(), Set.of());
      for (int seq : e.getValue()) {
        if (!done.contains(seq)) {
          n++;
        }
      }
    }
    return n;
  }

  /**
   * {@return accepted messages of {@code key} not handled yet}
   *
   * @param key the partition key
   */
  public synchronized int missingOf(String key) {
    Set<Integer> done = handled.getOrDefault(key, Set.of());
    return (int) accepted.getOrDefault(key, new TreeSet<>()).stream().filter(s -> !done.contains(s)).count();
  }

  /** {@return the messages whose push returned} */
  public synchronized int sent() {
    return accepted.values().stream().mapToInt(Set::size).sum();
  }

  /** {@return the counts of the run so far} */
  public synchronized Counts counts() {
    int received = 0;
    for (Map.Entry<String, TreeSet<Integer>> e : accepted.entrySet()) {
      Set<Integer> done = handled.getOrDefault(e.getKey(), Set.of());
      received += (int) e.getValue().stream().filter(done::contains).count();
    }
    int sent = sent();
    return new Counts(sent, failed.size(), received, deliveries, duplicates, sent - received, violations.size());
  }

  /** {@return the order violations and foreign messages seen, one sentence each} */
  public synchronized List<String> violations() {
    return Collections.unmodifiableList(new ArrayList<>(violations));
  }
}
