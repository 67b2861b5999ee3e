package dev.mq.cli.internal;

import dev.mq.Broker;
import dev.mq.MessageQueue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mq dlq QUEUE show}: prints dead letters with their properties (reason, source queue and
 * group, delivery attempts, time), given back unsettled.
 */
@Command(name = "show", mixinStandardHelpOptions = true,
    description = "Print dead letters with reason, source queue, group, attempts and time (given back unsettled).")
public final class DlqShow extends DlqSubcommand {

  @Option(names = "--max", paramLabel = "N", defaultValue = "20", description = "Show at most N (default ${DEFAULT-VALUE}).")
  long max;

  @Option(names = "--json", description = "One JSON object per line, as mq consume --json.")
  boolean json;

  @Option(names = "--base64", description = "Show every body as base64.")
  boolean base64;

  DlqShow(Session session) {
    super(session);
  }

  @Override
  public Integer call() {
    EnvelopeOutput output = new EnvelopeOutput(session.out(), json, base64);
    long n;
    try (Broker broker = reader.connect(options, session);
         MessageQueue dlq = reader.open(broker, parent.queue())) {
      n = reader.forEach(dlq, max, session, e -> {
        output.print(e);
        return true;
      });
    }
    session.err().println("showed " + n + " dead letter" + (n == 1 ? "" : "s") + " of " + parent.queue());
    return ExitCodes.OK;
  }
}
