package dev.mq.cli.internal;

import dev.mq.Broker;
import dev.mq.MessageQueue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mq dlq QUEUE purge}: acknowledges (deletes) every dead letter, after confirmation. */
@Command(name = "purge", mixinStandardHelpOptions = true,
    description = "Acknowledge (delete) every dead letter; asks for confirmation unless --yes.")
public final class DlqPurge extends DlqSubcommand {

  @Option(names = "--yes", description = "Do not ask for confirmation.")
  boolean yes;

  @Option(names = "--max", paramLabel = "N", defaultValue = "1000000",
      description = "Purge at most N (default ${DEFAULT-VALUE}).")
  long max;

  DlqPurge(Session session) {
    super(session);
  }

  @Override
  public Integer call() throws IOException {
    if (!yes) {
      session.err().print("Delete every dead letter in " + parent.queue() + "? Type 'yes' to go on: ");
      session.err().flush();
      String answer = new BufferedReader(new InputStreamReader(session.in(), StandardCharsets.UTF_8)).readLine();
      if (answer == null || !answer.trim().equals("yes")) {
        session.out().println("not purged: " + parent.queue() + " is unchanged");
        return ExitCodes.FAILURE;
      }
    }
    long n;
    try (Broker broker = reader.connect(options, session);
         MessageQueue dlq = reader.open(broker, parent.queue())) {
      n = reader.forEach(dlq, max, session, e -> {
        dlq.acknowledge(e);
        return true;
      });
    }
    String done = "purged " + n + " dead letter" + (n == 1 ? "" : "s") + " from " + parent.queue();
    if (session.stop().requested()) {
      session.out().println("stopped: " + done + "; the rest stay");
      return ExitCodes.FAILURE;
    }
    session.out().println(done);
    return ExitCodes.OK;
  }
}
