package dev.mq.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.Broker;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.Subscription;
import dev.mq.SubscriptionOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Producers push without the consumers' lock (reserving space, then appending to an intake);
 * this drives that path hard: a small capacity so pushes wait for space, batches, two consumer
 * groups, subscriptions (which acknowledge together with their next poll) next to plain
 * dequeue loops, and redeliveries. Each group must see every message, none twice, and each key
 * in push order.
 */
@Timeout(120)
class SplitLockConcurrencyTest {

  private static final int PRODUCERS = 3;
  private static final int PER_PRODUCER = 4_000;
  private static final int TOTAL = PRODUCERS * PER_PRODUCER;
  private static final int KEYS_PER_PRODUCER = 8;

  /** What one consumer group saw. */
  private static final class Seen {
    final Set<String> handled = ConcurrentHashMap.newKeySet();
    final Set<String> inHandler = ConcurrentHashMap.newKeySet();
    final Map<String, Integer> lastSeqPerKey = new ConcurrentHashMap<>();
    final AtomicInteger duplicates = new AtomicInteger();
    final AtomicInteger concurrentDeliveries = new AtomicInteger();
    final AtomicInteger orderViolations = new AtomicInteger();

    /** Returns whether the message should fail this time (to be delivered again). */
    boolean see(Envelope e) {
      if (!inHandler.add(e.messageId())) {
        concurrentDeliveries.incrementAndGet();
      }
      try {
        int seq = Integer.parseInt(e.property("seq").orElseThrow());
        String key = e.partitionKey().orElseThrow();
        // A key's messages are handled one at a time, so this read-then-write is not racy.
        Integer last = lastSeqPerKey.get(key);
        boolean redelivery = e.deliveryAttempt() > 1;
        if (last != null && (redelivery ? seq != last : seq <= last)) {
          orderViolations.incrementAndGet();
        }
        lastSeqPerKey.put(key, seq);
        if (seq % 13 == 0 && e.deliveryAttempt() == 1) {
          return true;
        }
        if (!handled.add(e.messageId())) {
          duplicates.incrementAndGet();
        }
        return false;
      } finally {
        inHandler.remove(e.messageId());
      }
    }
  }

  @Test
  void producersAndConsumersOfTwoGroupsLoseNothingDuplicateNothingAndKeepKeyOrder() throws Exception {
    String name = Brokers.uniqueName("split");
    Seen first = new Seen();
    Seen second = new Seen();
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(PRODUCERS + 1);
    List<Subscription> subscriptions = new ArrayList<>();
    List<MessageQueue> consumers = new ArrayList<>();
    try (Broker broker = Brokers.connect("mq.inmemory.capacity", "64",
        "mq.inmemory.push-timeout", "60s", "mq.max-delivery-attempts", "10")) {
      // Both groups exist before the first push, so each must receive every message.
      for (int i = 0; i < 2; i++) {
        consumers.add(broker.queue(name)); // the default group
        consumers.add(broker.queue(name, "second"));
      }
      SubscriptionOptions options = SubscriptionOptions.builder().concurrency(3)
          .pollWait(Duration.ofMillis(20)).build();
      subscriptions.add(consumers.get(0).subscribe(e -> fail(first.see(e)), options));
      subscriptions.add(consumers.get(1).subscribe(e -> fail(second.see(e)), options));
      subscriptions.add(consumers.get(3).subscribe(e -> fail(second.see(e)), options));
      MessageQueue polled = consumers.get(2); // the default group, by hand
      List<Future<?>> tasks = new ArrayList<>();
      tasks.add(pool.submit(() -> {
        while (!stop.get()) {
          Optional<Envelope> next = polled.dequeue(Duration.ofMillis(20));
          if (next.isPresent()) {
            if (first.see(next.get())) {
              polled.reject(next.get());
            } else {
              polled.acknowledge(next.get());
            }
          }
        }
        return null;
      }));
      List<Future<?>> producers = new ArrayList<>();
      for (int p = 0; p < PRODUCERS; p++) {
        int producer = p;
        producers.add(pool.submit(() -> {
          try (MessageQueue q = broker.queue(name)) {
            List<Envelope> batch = new ArrayList<>();
            for (int i = 0; i < PER_PRODUCER; i++) {
              Envelope e = Envelope.builder().messageId(producer + "-" + i).body("x")
                  .property("seq", Integer.toString(i))
                  .partitionKey("p" + producer + "-k" + (i % KEYS_PER_PRODUCER)).build();
              if (i % 3 == 0) {
                batch.add(e);
                if (batch.size() == 5) {
                  q.pushAll(batch);
                  batch.clear();
                }
              } else {
                // A single push may overtake the batch being gathered; flush it first so
                // that push order per key stays the order of i.
                if (!batch.isEmpty()) {
                  q.pushAll(batch);
                  batch.clear();
                }
                q.push(e);
              }
            }
            if (!batch.isEmpty()) {
              q.pushAll(batch);
            }
          }
          return null;
        }));
      }
      for (Future<?> f : producers) {
        f.get(100, TimeUnit.SECONDS);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while ((first.handled.size() < TOTAL || second.handled.size() < TOTAL)
          && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      stop.set(true);
      tasks.get(0).get(30, TimeUnit.SECONDS);
      subscriptions.forEach(Subscription::close);
      consumers.forEach(MessageQueue::close);
      for (String group : new String[] {broker.defaultConsumerGroup(), "second"}) {
        try (MessageQueue q = broker.queue(name, group)) {
          assertThat(q.dequeue()).as("left over in group " + group).isEmpty();
        }
      }
    } finally {
      pool.shutdownNow();
    }
    for (Seen seen : new Seen[] {first, second}) {
      assertThat(seen.handled).hasSize(TOTAL);
      assertThat(seen.duplicates).hasValue(0);
      assertThat(seen.concurrentDeliveries).hasValue(0);
      assertThat(seen.orderViolations).hasValue(0);
    }
  }

  private static void fail(boolean shouldFail) {
    if (shouldFail) {
      throw new IllegalStateException("fails once, to be delivered again");
    }
  }
}
