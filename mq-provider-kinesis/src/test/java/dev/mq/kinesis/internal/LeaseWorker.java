package dev.mq.kinesis.internal;

import dev.mq.Broker;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.MessageQueues;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A consumer process of {@link LeaseProcessesTest}, configured by {@code mq.*} system properties
 * (the dynamodb store). It receives and acknowledges messages of one queue and appends to its
 * log, flushed line by line so that a SIGKILL loses nothing written:
 * {@code R <micros> <message id> <body>} when it receives and {@code A <micros> <message id>}
 * once the acknowledgement returned. It prints {@value #STARTED} when its queue is open, and on
 * a {@code stop} line on stdin (or stdin's end) closes the broker, which hands its leases over,
 * then prints {@value #CLOSED}.
 */
public final class LeaseWorker {

  static final String STARTED = "STARTED";
  static final String CLOSED = "CLOSED";

  private LeaseWorker() {}

  public static void main(String[] args) throws Exception {
    String queue = args[0];
    Path log = Path.of(args[1]);
    long delayMillis = Long.parseLong(args[2]);
    AtomicBoolean stop = new AtomicBoolean();
    Thread stdin = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null && !line.equals("stop")) {
          // only "stop" means anything
        }
      } catch (Exception e) {
        // stdin gone: stop as well
      }
      stop.set(true);
    }, "stdin");
    stdin.setDaemon(true);
    stdin.start();
    Broker broker = MessageQueues.connect();
    MessageQueue q = broker.queue(queue);
    try (BufferedWriter out = Files.newBufferedWriter(log, StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      System.out.println(STARTED);
      System.out.flush();
      while (!stop.get()) {
        Optional<Envelope> got = q.dequeue(Duration.ofMillis(100));
        if (got.isEmpty()) {
          continue;
        }
        Envelope e = got.get();
        out.write("R " + micros() + " " + e.messageId() + " " + e.bodyAsString() + "\n");
        out.flush();
        if (delayMillis > 0) {
          Thread.sleep(delayMillis);
        }
        q.acknowledge(e);
        out.write("A " + micros() + " " + e.messageId() + "\n");
        out.flush();
      }
    }
    broker.close();
    System.out.println(CLOSED);
    System.out.flush();
  }

  private static long micros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
  }
}
