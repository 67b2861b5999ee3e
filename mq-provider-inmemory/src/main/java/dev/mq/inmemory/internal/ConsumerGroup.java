package dev.mq.inmemory.internal;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The messages of one queue for one consumer group: those pushed and not yet sorted in (the
 * intake), those ready for delivery, those waiting behind an earlier message of their partition
 * key, and a count of everything held, in flight included.
 *
 * <p>Producers and consumers do not share a lock, as in {@code LinkedBlockingQueue}: a push
 * reserves space with a compare-and-set on the {@linkplain #held count} and appends to the
 * lock-free intake; consumers hold {@link #lock} while they move intake messages into the ready
 * queue and key lanes (in intake order, so per-key push order holds), take, settle and requeue.
 * A producer takes the lock only to wake a consumer that is waiting for a message, and a
 * consumer takes the space lock only to wake a producer that is waiting for space. Every
 * operation is O(1), amortised.
 */
final class ConsumerGroup {

  /**
   * Idle key lanes are swept out of the map once it holds this many lanes, or twice as many as
   * were busy after the last sweep, whichever is more: the map stays within a small multiple of
   * the keys in use, and sweeping stays O(1) amortised.
   */
  static final int MIN_LANES_BEFORE_SWEEP = 1024;
  /** Most intake messages sorted in per lock hold when nothing is ready; bounds the hold time. */
  static final int DRAIN_BATCH = 256;

  /**
   * Guards the consumer side: the ready queue, the key lanes, and the in-flight maps of the
   * group's queue instances, so that a message is always in exactly one place.
   */
  final ReentrantLock lock = new ReentrantLock();

  private final String queueName;
  private final String name;
  private final int capacity;
  private final Condition messageReady = lock.newCondition();
  private final ArrayDeque<StoredMessage> ready = new ArrayDeque<>();
  private final HashMap<String, KeyLane> lanes = new HashMap<>();
  /** Requeued messages waiting for their retry delay, the earliest first; their keys stay busy. */
  private final PriorityQueue<StoredMessage> delayed =
      new PriorityQueue<>((a, b) -> Long.compare(a.notBeforeNanos - b.notBeforeNanos, 0));
  private int sweepLanesAt = MIN_LANES_BEFORE_SWEEP;

  /** Pushed messages in push order, not yet sorted in; producers add without {@link #lock}. */
  private final ConcurrentLinkedQueue<StoredMessage> intake = new ConcurrentLinkedQueue<>();
  /**
   * Messages counted into the intake: raised after each append, lowered by consumers after they
   * take messages out, so the intake always holds at least this many. As in
   * {@code LinkedBlockingQueue}, only the push that raises it from 0 may need to wake a consumer.
   */
  private final AtomicInteger intakeCount = new AtomicInteger();
  /** Messages held: intake, ready, waiting in lanes and in flight, plus space reserved for pushes. */
  private final AtomicInteger held = new AtomicInteger();
  /** Consumers inside {@link #awaitReady}; a push wakes one only when there are some. */
  private final AtomicInteger waitingConsumers = new AtomicInteger();
  /** Lets pushes wait for space without touching the consumers' lock. */
  private final ReentrantLock spaceLock = new ReentrantLock();
  private final Condition spaceFreed = spaceLock.newCondition();
  /** Pushes inside {@link #awaitSpace}; freed space wakes them only when there are some. */
  private final AtomicInteger waitingProducers = new AtomicInteger();

  ConsumerGroup(String queueName, String name, int capacity) {
    this.queueName = queueName;
    this.name = name;
    this.capacity = capacity;
  }

  String queueName() {
    return queueName;
  }

  String name() {
    return name;
  }

  int capacity() {
    return capacity;
  }

  /** How many more messages fit. */
  int freeSlots() {
    return capacity - held.get();
  }

  // ---- producer side: no lock needed ----

  /** Reserves space for {@code n} messages; false, reserving nothing, when they do not fit. */
  boolean tryReserve(int n) {
    while (true) {
      int h = held.get();
      if (h > capacity - n) {
        return false;
      }
      if (held.compareAndSet(h, h + n)) {
        return true;
      }
    }
  }

  /** Gives back space reserved with {@link #tryReserve} that will not be used. */
  void unreserve(int n) {
    held.addAndGet(-n);
    wakeProducers();
  }

  /**
   * Adds a newly pushed message, for which space was reserved, behind everything pushed before.
   * Consumers sort it into the ready queue or its key's lane when they next look.
   */
  void add(StoredMessage m) {
    intake.offer(m);
    // The count and the waiter count are both volatile, changed and read in the opposite order
    // to awaitReady's: either the consumer sees the message, or we see the consumer and wake it.
    // A push onto a non-empty intake wakes nobody: whoever takes the earlier messages passes the
    // wake-up on (see take()).
    if (intakeCount.getAndIncrement() == 0 && waitingConsumers.get() > 0) {
      lock.lock();
      try {
        messageReady.signal();
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * Waits until {@code n} slots are free or the deadline passes.
   *
   * @return whether the space is there; it is not reserved
   */
  boolean awaitSpace(int n, long deadlineNanos) throws InterruptedException {
    spaceLock.lock();
    waitingProducers.incrementAndGet();
    try {
      while (freeSlots() < n) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        spaceFreed.awaitNanos(left);
      }
      return true;
    } finally {
      waitingProducers.decrementAndGet();
      spaceLock.unlock();
    }
  }

  // ---- consumer side: call with lock held ----

  /** The next deliverable message, its delivery counted, or null. */
  StoredMessage take() {
    if (!delayed.isEmpty()) {
      promoteDue(System.nanoTime());
    }
    if (ready.isEmpty()) {
      while (sortInFromIntake() && ready.isEmpty()) {
        // every message sorted in so far waits behind a busy key; keep going
      }
    }
    StoredMessage m = ready.pollFirst();
    if (m == null) {
      return null;
    }
    m.deliveries++;
    if (!ready.isEmpty() || intakeCount.get() > 0) {
      // Passes the wake-up on, so a signal consumed by a waiter that then timed out is not lost.
      messageReady.signal();
    }
    return m;
  }

  /**
   * Makes a message that was in flight deliverable again, behind everything pushed so far. Its
   * key's later messages stay behind it, because the key's lane is still busy.
   */
  void requeue(StoredMessage m) {
    while (sortInFromIntake()) {
      // messages pushed before the requeue stay ahead of it
    }
    ready.addLast(m);
    messageReady.signal();
  }

  /**
   * Like {@link #requeue}, but the message becomes deliverable only {@code delayNanos} from now;
   * its key's later messages wait behind it meanwhile, other keys go on.
   */
  void requeueAfter(StoredMessage m, long delayNanos) {
    if (delayNanos <= 0) {
      requeue(m);
      return;
    }
    m.notBeforeNanos = System.nanoTime() + delayNanos;
    delayed.add(m);
    // a consumer waiting now must shorten its wait to this message's time
    messageReady.signal();
  }

  /** Moves every delayed message that is due to the back of the ready queue. */
  private void promoteDue(long now) {
    StoredMessage m;
    while ((m = delayed.peek()) != null && m.notBeforeNanos - now <= 0) {
      delayed.poll();
      ready.addLast(m);
    }
  }

  /** Forgets a message that was in flight for good and lets its key's next message go. */
  void settle(StoredMessage m) {
    KeyLane lane = m.lane;
    if (lane != null) {
      StoredMessage next = lane.poll();
      if (next != null) {
        ready.addLast(next);
        messageReady.signal();
      } else {
        lane.busy = false;
      }
    }
    held.decrementAndGet();
    wakeProducers();
  }

  /**
   * Waits for a message to become ready; returns the nanoseconds left. Returns at once when a
   * push raced with the caller's last look.
   */
  long awaitReady(long nanos) throws InterruptedException {
    waitingConsumers.incrementAndGet();
    try {
      if (intakeCount.get() > 0) {
        return nanos; // pushed after take() looked; see add()
      }
      StoredMessage next = delayed.peek();
      if (next == null) {
        return messageReady.awaitNanos(nanos);
      }
      // wake up when the earliest delayed message is due, at the latest
      long wait = Math.min(nanos, Math.max(0, next.notBeforeNanos - System.nanoTime()));
      long left = messageReady.awaitNanos(wait);
      return nanos - (wait - Math.max(left, 0));
    } finally {
      waitingConsumers.decrementAndGet();
    }
  }

  /** Wakes every waiting consumer, e.g. so that waiters on a closing instance notice it. */
  void wakeConsumers() {
    messageReady.signalAll();
  }

  /** For tests and diagnostics: messages held, pending plus in flight. */
  int held() {
    return held.get();
  }

  /** For tests: key lanes in the map, busy or idle. */
  int laneCount() {
    return lanes.size();
  }

  /**
   * Moves up to {@link #DRAIN_BATCH} messages from the intake to the ready queue or their key's
   * lane, in push order. Returns false when the intake was empty.
   */
  private boolean sortInFromIntake() {
    int n = Math.min(intakeCount.get(), DRAIN_BATCH);
    if (n == 0) {
      return false;
    }
    // Each of the n counted messages was appended before it was counted, and only consumers
    // holding the lock take messages out, so all n are there.
    for (int i = 0; i < n; i++) {
      sortIn(intake.poll());
    }
    intakeCount.addAndGet(-n);
    return true;
  }

  private void sortIn(StoredMessage m) {
    if (m.key != null) {
      KeyLane lane = lanes.get(m.key);
      if (lane == null) {
        lane = newLane(m.key);
      }
      m.lane = lane;
      if (lane.busy) {
        lane.add(m);
        return;
      }
      lane.busy = true;
    }
    ready.addLast(m);
  }

  private KeyLane newLane(String key) {
    if (lanes.size() >= sweepLanesAt) {
      // An idle lane has no message waiting and none ready or in flight: nothing refers to it.
      lanes.values().removeIf(l -> !l.busy);
      sweepLanesAt = Math.max(MIN_LANES_BEFORE_SWEEP, 2 * lanes.size());
    }
    KeyLane lane = new KeyLane();
    lanes.put(key, lane);
    return lane;
  }

  private void wakeProducers() {
    // The count change above and this read are volatile, in the opposite order to awaitSpace's.
    if (waitingProducers.get() > 0) {
      spaceLock.lock();
      try {
        spaceFreed.signalAll(); // a batch push may wait for more than one slot
      } finally {
        spaceLock.unlock();
      }
    }
  }

  /** Not a precise snapshot unless the lock is held. */
  @Override
  public String toString() {
    return "ConsumerGroup[" + queueName + "/" + name + "]";
  }
}
