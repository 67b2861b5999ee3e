package dev.mq.kinesis.faults;

import dev.mq.Broker;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.MessageQueues;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;

/**
 * The child process of {@link ConsumerKillLoopTest}, configured by {@code mq.*} system
 * properties: consumes the stream's default group for ever, and logs to a file, unbuffered, a
 * line {@code D <body>} when a message is delivered and {@code A <body>} when its
 * acknowledgement returned. Random pauses before the acknowledgement and between messages spread
 * the parent's SIGKILL over every point: holding a message, acknowledging, writing a checkpoint.
 * It exits by itself after {@link #LIFETIME} so that a dead parent leaves no orphan behind.
 */
public final class KillableConsumer {

  static final String READY = "KILLABLE-READY";
  private static final Duration LIFETIME = Duration.ofMinutes(3);

  private KillableConsumer() {}

  public static void main(String[] args) throws Exception {
    String stream = args[0];
    Random random = new Random(Long.parseLong(args[2]));
    long end = System.nanoTime() + LIFETIME.toNanos();
    try (OutputStream log = new FileOutputStream(args[1], true);
        Broker broker = MessageQueues.connect();
        MessageQueue q = broker.queue(stream)) {
      System.out.println(READY);
      System.out.flush();
      while (System.nanoTime() < end) {
        Optional<Envelope> next = q.dequeue(Duration.ofMillis(100));
        if (next.isEmpty()) {
          continue;
        }
        Envelope e = next.get();
        write(log, "D " + e.bodyAsString());
        Thread.sleep(random.nextInt(8)); // killed here: delivered, not acknowledged
        q.acknowledge(e);
        write(log, "A " + e.bodyAsString());
        if (random.nextInt(10) == 0) {
          Thread.sleep(random.nextInt(30)); // killed here: between messages, a checkpoint being written
        }
      }
    }
  }

  private static void write(OutputStream log, String line) throws IOException {
    // one write call per line: a SIGKILL leaves whole lines in the page cache
    log.write((line + "\n").getBytes(StandardCharsets.UTF_8));
  }
}
