package dev.mq.cli.internal;

import dev.mq.Broker;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mq bench push QUEUE}: pushes {@code --count} messages of {@code --size} bytes, one
 * {@code push} or one {@code pushAll} of {@code --batch} at a time, and reports the rate and the
 * latency of each call. Each message carries its send time ({@value #SENT_AT}, epoch
 * microseconds), which {@code mq bench consume} turns into end-to-end latency.
 */
@Command(name = "push", mixinStandardHelpOptions = true,
    description = "Push --count messages and report msg/s and the latency of each push call.")
public final class BenchPush extends BrokerCommand {

  /** Property holding the send time in epoch microseconds. */
  public static final String SENT_AT = "bench-sent-at-micros";

  @Parameters(index = "0", paramLabel = "QUEUE", description = "The queue.")
  String queue;

  @Option(names = "--count", paramLabel = "N", defaultValue = "10000", description = "Messages (default ${DEFAULT-VALUE}).")
  long count;

  @Option(names = "--size", paramLabel = "BYTES", defaultValue = "100", description = "Body size (default ${DEFAULT-VALUE}).")
  int size;

  @Option(names = "--batch", paramLabel = "N", defaultValue = "1",
      description = "Messages per call: 1 uses push, more use pushAll (1..500; default ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--no-progress", description = "No progress bar (shown on a terminal).")
  boolean noProgress;

  BenchPush(Session session) {
    super(session);
  }

  @Override
  public Integer call() {
    if (count < 1 || size < 0 || batch < 1 || batch > 500) {
      throw new UsageException("--count must be at least 1, --size at least 0 and --batch from 1 to 500");
    }
    byte[] body = new byte[size];
    Arrays.fill(body, (byte) 'x');
    Latencies latencies = new Latencies();
    long pushed = 0;
    try (Broker broker = options.connect(session);
         MessageQueue q = broker.queue(queue);
         Progress progress = Progress.start(!noProgress && Progress.interactive(), "bench push", count, "msg")) {
      while (pushed < count && !session.stop().requested()) {
        int n = (int) Math.min(batch, count - pushed);
        List<Envelope> envelopes = new ArrayList<>(n);
        String sentAt = Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now()));
        for (int i = 0; i < n; i++) {
          envelopes.add(Envelope.builder().body(body).property(SENT_AT, sentAt).build());
        }
        long start = System.nanoTime();
        if (n == 1) {
          q.push(envelopes.get(0));
        } else {
          q.pushAll(envelopes);
        }
        latencies.record((System.nanoTime() - start) / 1000);
        pushed += n;
        progress.step(n);
      }
    }
    latencies.print(session.out(), (session.stop().requested() ? "stopped: " : "") + "pushed to " + queue, pushed);
    return session.stop().requested() ? ExitCodes.FAILURE : ExitCodes.OK;
  }
}
