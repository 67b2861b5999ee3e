package dev.mq.cli.internal;

import dev.mq.Broker;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mq bench consume QUEUE}: dequeues and acknowledges up to {@code --count} messages and
 * reports the rate and the end-to-end latency of messages that {@code mq bench push} sent (send
 * time to receipt, by the wall clocks of both machines).
 */
@Command(name = "consume", mixinStandardHelpOptions = true,
    description = "Dequeue and acknowledge up to --count messages; report msg/s and end-to-end latency.")
public final class BenchConsume extends BrokerCommand {

  @Parameters(index = "0", paramLabel = "QUEUE", description = "The queue.")
  String queue;

  @Option(names = "--count", paramLabel = "N", defaultValue = "10000", description = "Messages (default ${DEFAULT-VALUE}).")
  long count;

  @Option(names = "--group", paramLabel = "GROUP", description = "Consumer group (default: the broker's default group).")
  String group;

  @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
      description = "Stop after waiting this long for a message (default ${DEFAULT-VALUE}).")
  Duration wait;

  @Option(names = "--no-progress", description = "No progress bar (shown on a terminal).")
  boolean noProgress;

  BenchConsume(Session session) {
    super(session);
  }

  @Override
  public Integer call() {
    if (count < 1) {
      throw new UsageException("--count must be at least 1");
    }
    Latencies latencies = new Latencies();
    long taken = 0;
    try (Broker broker = options.connect(session);
         MessageQueue q = group == null ? broker.queue(queue) : broker.queue(queue, group);
         Progress progress = Progress.start(!noProgress && Progress.interactive(), "bench consume", count, "msg")) {
      while (taken < count && !session.stop().requested()) {
        List<Envelope> batch = q.dequeue((int) Math.min(100, count - taken), wait);
        if (batch.isEmpty()) {
          break;
        }
        long now = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
        for (Envelope e : batch) {
          sentAt(e).ifPresent(sent -> latencies.record(now - sent));
          q.acknowledge(e);
        }
        taken += batch.size();
        progress.step(batch.size());
      }
    }
    latencies.print(session.out(), (session.stop().requested() ? "stopped: " : "") + "consumed from " + queue, taken);
    return session.stop().requested() ? ExitCodes.FAILURE : ExitCodes.OK;
  }

  private static Optional<Long> sentAt(Envelope e) {
    try {
      return e.property(BenchPush.SENT_AT).map(Long::parseLong);
    } catch (NumberFormatException ex) {
      return Optional.empty();
    }
  }
}
