package dev.mq.cli.internal;

import dev.mq.Broker;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mq consume QUEUE}: takes up to {@code --max} messages and prints them. Without
 * {@code --ack} nothing is settled: the queue instance is closed holding the messages, which gives
 * them back to the group (SPEC 3.3, 4.1) without a reject, so looking neither starts a retry wait
 * (5.7) nor moves a message towards the attempt limit and the dead-letter queue (5.4): a reject
 * with requeue would do both. The next delivery may show the attempt raised by one.
 */
@Command(name = "consume", mixinStandardHelpOptions = true,
    description = "Take up to --max messages and print them; by default give them back unsettled.")
public final class ConsumeCommand extends BrokerCommand {

  @Parameters(index = "0", paramLabel = "QUEUE", description = "The queue.")
  String queue;

  @Option(names = "--group", paramLabel = "GROUP", description = "Consumer group (default: the broker's default group).")
  String group;

  @Option(names = "--max", paramLabel = "N", defaultValue = "10", description = "Most messages to take (default ${DEFAULT-VALUE}).")
  int max;

  @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
      description = "Longest wait for the next message, e.g. 500ms, 5s (default ${DEFAULT-VALUE}).")
  Duration wait;

  @Option(names = "--ack", negatable = true, defaultValue = "false",
      description = "Acknowledge each message after printing it (--no-ack, the default: give every message back unsettled).")
  boolean ack;

  @Option(names = "--json", description = "One JSON object per line: id, key, attempt, properties, bodyEncoding, body.")
  boolean json;

  @Option(names = "--base64", description = "Show every body as base64 (default: UTF-8 when it is valid UTF-8).")
  boolean base64;

  ConsumeCommand(Session session) {
    super(session);
  }

  @Override
  public Integer call() {
    if (max < 1) {
      throw new UsageException("--max must be at least 1, but is " + max);
    }
    EnvelopeOutput output = new EnvelopeOutput(session.out(), json, base64);
    int taken = 0;
    try (Broker broker = options.connect(session);
         MessageQueue q = group == null ? broker.queue(queue) : broker.queue(queue, group)) {
      while (taken < max && !session.stop().requested()) {
        List<Envelope> batch = q.dequeue(Math.min(max - taken, 100), wait);
        if (batch.isEmpty()) {
          break;
        }
        for (Envelope e : batch) {
          output.print(e);
          if (ack) {
            q.acknowledge(e);
          }
          taken++;
        }
      }
    }
    session.err().println((ack ? "acknowledged " : "looked at (given back) ") + taken + " message"
        + (taken == 1 ? "" : "s") + " of " + queue);
    return ExitCodes.OK;
  }
}
