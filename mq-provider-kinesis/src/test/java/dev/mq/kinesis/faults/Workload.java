package dev.mq.kinesis.faults;

import dev.mq.tck.faults.Ledger;
import dev.mq.tck.faults.Waits;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Producers for a fault run: {@code threads} threads, each owning some of the {@code keys}
 * and pushing {@code key:0}, {@code key:1}, ... of its keys in turn, so every key is pushed in
 * order by one thread. A push that throws is recorded as failed in the ledger and not retried
 * (the next message of the key follows); a push that returns is recorded as accepted.
 */
final class Workload {

  private final MessageQueue queue;
  private final Ledger ledger;
  private final int keys;
  private final int perKey;
  private final int threads;
  private final List<Thread> running = new ArrayList<>();
  private final AtomicInteger pushed = new AtomicInteger();
  private volatile Duration pause = Duration.ZERO;

  Workload(MessageQueue queue, Ledger ledger, int keys, int perKey, int threads) {
    this.queue = queue;
    this.ledger = ledger;
    this.keys = keys;
    this.perKey = perKey;
    this.threads = threads;
  }

  /** A pause between the pushes of each thread, to spread a run over time. */
  Workload pause(Duration pause) {
    this.pause = pause;
    return this;
  }

  /** The key of index {@code i}. */
  static String key(int i) {
    return "key-" + i;
  }

  /** Starts the producer threads. */
  Workload start() {
    for (int t = 0; t < threads; t++) {
      int owner = t;
      Thread th = new Thread(() -> produce(owner), "fault-producer-" + t);
      th.setDaemon(true);
      running.add(th);
      th.start();
    }
    return this;
  }

  /** Pushes attempted so far (accepted or failed). */
  int pushed() {
    return pushed.get();
  }

  /**
   * Waits until every producer thread is done; fails when no push finished for {@code stall}
   * (a hang), with the stack of a producer still pushing.
   */
  void awaitDone(Duration stall) {
    try {
      Waits.awaitWithProgress("the producers are done", stall, pushed::get,
          () -> running.stream().noneMatch(Thread::isAlive));
    } catch (AssertionError e) {
      Thread stuck = running.stream().filter(Thread::isAlive).findFirst().orElseThrow(() -> e);
      throw new AssertionError(e.getMessage() + "; " + stuck.getName() + " is at "
          + java.util.Arrays.toString(stuck.getStackTrace()), e);
    }
  }

  private void produce(int owner) {
    for (int seq = 0; seq < perKey; seq++) {
      for (int k = owner; k < keys; k += threads) {
        String key = key(k);
        try {
          queue.push(Envelope.builder().partitionKey(key).body(Ledger.body(key, seq)).build());
          ledger.accepted(key, seq);
        } catch (RuntimeException e) {
          ledger.failed(key, seq);
        }
        pushed.incrementAndGet();
        if (!pause.isZero()) {
          Waits.sleep(pause);
        }
      }
    }
  }
}
