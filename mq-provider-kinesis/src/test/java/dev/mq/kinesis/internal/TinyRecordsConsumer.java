package dev.mq.kinesis.internal;

import dev.mq.Broker;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.MessageQueues;
import java.time.Duration;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The child process of {@link TinyRecordAggregatesMemoryTest}: configured by {@code mq.*} system
 * properties, it receives and acknowledges messages of KPL aggregates until {@code expected}
 * distinct user records arrived or {@code seconds} passed, and prints
 * {@code RESULT received=<n> distinct=<n> duplicated=<n>}. User records are told apart by
 * sequence and sub-sequence number, kept in one bit set per aggregate so that the bookkeeping
 * itself stays small in a small heap.
 */
public final class TinyRecordsConsumer {

  static final String RESULT = "RESULT";

  private TinyRecordsConsumer() {}

  public static void main(String[] args) throws Exception {
    String stream = args[0];
    long expected = Long.parseLong(args[1]);
    long deadline = System.nanoTime() + Duration.ofSeconds(Long.parseLong(args[2])).toNanos();
    Map<String, BitSet> seen = new HashMap<>();
    long received = 0;
    long distinct = 0;
    long duplicated = 0;
    try (Broker broker = MessageQueues.connect()) {
      MessageQueue q = broker.queue(stream);
      while (distinct < expected && System.nanoTime() < deadline) {
        Optional<Envelope> got = q.dequeue(Duration.ofMillis(200));
        if (got.isEmpty()) {
          continue;
        }
        Envelope e = got.get();
        received++;
        String sequence = e.property("mq.kinesis.sequence-number").orElseThrow();
        int sub = Integer.parseInt(e.property("mq.kinesis.sub-sequence-number").orElseThrow());
        BitSet subs = seen.computeIfAbsent(sequence, s -> new BitSet());
        if (subs.get(sub)) {
          duplicated++;
        } else {
          subs.set(sub);
          distinct++;
        }
        q.acknowledge(e);
      }
    }
    System.out.println(RESULT + " received=" + received + " distinct=" + distinct
        + " duplicated=" + duplicated);
    System.out.flush();
  }
}
