package dev.mq.kinesis.internal.fanout;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of a broker's fan-out subscriptions, for logs and tests: how often subscriptions were
 * opened and renewed, how many events were asked for and received, and the most events ever held
 * by one shard between arrival and hand-over (the back-pressure bound: at most one).
 */
public final class FanOutStats {

  private final AtomicLong subscriptions = new AtomicLong();
  private final AtomicLong renewals = new AtomicLong();
  private final AtomicLong resourceInUse = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong eventsRequested = new AtomicLong();
  private final AtomicLong eventsReceived = new AtomicLong();
  private final AtomicLong recordsReceived = new AtomicLong();
  private final AtomicLong largestEvent = new AtomicLong();
  private final AtomicLong mostEventsHeld = new AtomicLong();

  /** {@return SubscribeToShard calls made} */
  public long subscriptions() {
    return subscriptions.get();
  }

  /** {@return subscriptions ended by this side because their lifetime was over} */
  public long renewals() {
    return renewals.get();
  }

  /** {@return SubscribeToShard calls refused with ResourceInUseException} */
  public long resourceInUse() {
    return resourceInUse.get();
  }

  /** {@return subscriptions that ended with another error} */
  public long failures() {
    return failures.get();
  }

  /** {@return events asked for with {@code request(1)}} */
  public long eventsRequested() {
    return eventsRequested.get();
  }

  /** {@return events received} */
  public long eventsReceived() {
    return eventsReceived.get();
  }

  /** {@return records received in events} */
  public long recordsReceived() {
    return recordsReceived.get();
  }

  /** {@return the most records one event held} */
  public long largestEvent() {
    return largestEvent.get();
  }

  /**
   * {@return the most events one shard held at once between arrival and hand-over to its reader}
   */
  public long mostEventsHeld() {
    return mostEventsHeld.get();
  }

  void subscribed() {
    subscriptions.incrementAndGet();
  }

  void renewed() {
    renewals.incrementAndGet();
  }

  void refusedInUse() {
    resourceInUse.incrementAndGet();
  }

  void failed() {
    failures.incrementAndGet();
  }

  void requested() {
    eventsRequested.incrementAndGet();
  }

  void received(int records, int heldNow) {
    eventsReceived.incrementAndGet();
    recordsReceived.addAndGet(records);
    largestEvent.accumulateAndGet(records, Math::max);
    mostEventsHeld.accumulateAndGet(heldNow, Math::max);
  }

  @Override
  public String toString() {
    return "FanOutStats[subscriptions=" + subscriptions + ", renewals=" + renewals
        + ", resourceInUse=" + resourceInUse + ", failures=" + failures
        + ", eventsRequested=" + eventsRequested + ", eventsReceived=" + eventsReceived
        + ", recordsReceived=" + recordsReceived + ", largestEvent=" + largestEvent
        + ", mostEventsHeld=" + mostEventsHeld + "]";
  }
}
