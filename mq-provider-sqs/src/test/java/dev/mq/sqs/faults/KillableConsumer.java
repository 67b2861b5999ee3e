package dev.mq.sqs.faults;

import dev.mq.Broker;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.MessageQueues;
import java.time.Duration;
import java.util.List;

/**
 * The child process of {@link ConsumerKillTest}, configured by {@code mq.*} system properties:
 * acknowledges {@code args[1]} messages of queue {@code args[0]} (printing {@code A <body>} after
 * each acknowledgement returned), then takes a batch of up to ten and holds it, printing
 * {@code H <body>} for each and then {@value #HOLDING}, and waits to be killed. It exits by itself
 * after two minutes so that a dead parent leaves no orphan behind.
 */
public final class KillableConsumer {

  static final String HOLDING = "HOLDING";

  private KillableConsumer() {}

  public static void main(String[] args) throws Exception {
    int toAcknowledge = Integer.parseInt(args[1]);
    try (Broker broker = MessageQueues.connect(); MessageQueue q = broker.queue(args[0])) {
      int acknowledged = 0;
      while (acknowledged < toAcknowledge) {
        for (Envelope e : q.dequeue(toAcknowledge - acknowledged, Duration.ofSeconds(5))) {
          q.acknowledge(e);
          System.out.println("A " + e.bodyAsString());
          acknowledged++;
        }
      }
      List<Envelope> held = List.of();
      while (held.isEmpty()) {
        held = q.dequeue(10, Duration.ofSeconds(5));
      }
      for (Envelope e : held) {
        System.out.println("H " + e.bodyAsString());
      }
      System.out.println(HOLDING);
      System.out.flush();
      Thread.sleep(Duration.ofMinutes(2).toMillis());
    }
  }
}
