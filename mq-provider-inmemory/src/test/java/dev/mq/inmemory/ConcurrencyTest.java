package dev.mq.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.Broker;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class ConcurrencyTest {

  private static final int PRODUCERS = 4;
  private static final int PER_PRODUCER = 5_000;
  private static final int CONSUMERS = 6;
  private static final int TOTAL = PRODUCERS * PER_PRODUCER;

  @Test
  void manyProducersAndConsumersLoseNothingAndNeverShareAMessage() throws Exception {
    String name = Brokers.uniqueName("smoke");
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    Set<String> held = ConcurrentHashMap.newKeySet();
    AtomicInteger doubleDeliveries = new AtomicInteger();
    AtomicInteger duplicateAcks = new AtomicInteger();
    AtomicInteger orderViolations = new AtomicInteger();
    Map<String, Integer> lastSeqPerKey = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(PRODUCERS + CONSUMERS);
    try (Broker broker = Brokers.connect("mq.inmemory.capacity", "1000",
        "mq.inmemory.push-timeout", "60s", "mq.max-delivery-attempts", "1000")) {
      List<Future<?>> tasks = new ArrayList<>();
      for (int p = 0; p < PRODUCERS; p++) {
        int producer = p;
        tasks.add(pool.submit(() -> {
          try (MessageQueue q = broker.queue(name)) {
            for (int i = 0; i < PER_PRODUCER; i++) {
              // Keys are per producer so that push order per key is well defined.
              Envelope.Builder b = Envelope.builder().messageId(producer + "-" + i).body("x")
                  .property("seq", Integer.toString(i));
              if (i % 2 == 0) {
                b.partitionKey("p" + producer + "-k" + (i % 10));
              }
              if (i % 100 == 0) {
                q.pushAll(List.of(b.build()));
              } else {
                q.push(b.build());
              }
            }
          }
          return null;
        }));
      }
      for (int c = 0; c < CONSUMERS; c++) {
        int consumer = c;
        tasks.add(pool.submit(() -> {
          try (MessageQueue q = broker.queue(name)) {
            while (acknowledged.size() < TOTAL) {
              Optional<Envelope> next = consumer % 2 == 0 ? q.dequeue() : q.dequeue(Duration.ofMillis(20));
              if (next.isEmpty()) {
                continue;
              }
              Envelope e = next.get();
              if (!held.add(e.messageId())) {
                doubleDeliveries.incrementAndGet();
              }
              String key = e.partitionKey().orElse(null);
              int seq = Integer.parseInt(e.property("seq").orElseThrow());
              if (key != null) {
                Integer last = lastSeqPerKey.get(key);
                boolean redelivery = e.deliveryAttempt() > 1;
                if (last != null && (redelivery ? seq != last : seq <= last)) {
                  orderViolations.incrementAndGet();
                }
                lastSeqPerKey.put(key, seq);
              }
              held.remove(e.messageId());
              if (seq % 7 == 0 && e.deliveryAttempt() == 1) {
                q.reject(e);
              } else {
                if (!acknowledged.add(e.messageId())) {
                  duplicateAcks.incrementAndGet();
                }
                q.acknowledge(e);
              }
            }
          }
          return null;
        }));
      }
      for (Future<?> t : tasks) {
        t.get(100, TimeUnit.SECONDS);
      }
      try (MessageQueue q = broker.queue(name)) {
        assertThat(q.dequeue()).isEmpty();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(acknowledged).hasSize(TOTAL);
    assertThat(doubleDeliveries).hasValue(0);
    assertThat(duplicateAcks).hasValue(0);
    assertThat(orderViolations).hasValue(0);
  }
}
