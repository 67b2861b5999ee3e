package dev.mq.cli.internal;

import dev.mq.Broker;
import dev.mq.DeadLetters;
import dev.mq.MessageQueue;
import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mq dlq QUEUE count}: how many dead letters, by source queue and by reason. */
@Command(name = "count", mixinStandardHelpOptions = true,
    description = "Count the dead letters (given back unsettled), by source queue and by reason.")
public final class DlqCount extends DlqSubcommand {

  @Option(names = "--max", paramLabel = "N", defaultValue = "100000",
      description = "Count at most N (default ${DEFAULT-VALUE}); all are held until the count ends.")
  long max;

  DlqCount(Session session) {
    super(session);
  }

  @Override
  public Integer call() {
    Map<String, Long> bySource = new TreeMap<>();
    Map<String, Long> byReason = new TreeMap<>();
    long n;
    try (Broker broker = reader.connect(options, session);
         MessageQueue dlq = reader.open(broker, parent.queue())) {
      n = reader.forEach(dlq, max, session, e -> {
        bySource.merge(e.property(DeadLetters.SOURCE_QUEUE).orElse("(none)"), 1L, Long::sum);
        byReason.merge(e.property(DeadLetters.REASON).orElse("(none)"), 1L, Long::sum);
        return true;
      });
    }
    PrintWriter out = session.out();
    out.println(n + " dead letter" + (n == 1 ? "" : "s") + " in " + parent.queue()
        + (n == max ? " (stopped at --max)" : ""));
    bySource.forEach((q, c) -> out.println("  source " + q + ": " + c));
    byReason.forEach((r, c) -> out.println("  reason " + r + ": " + c));
    return ExitCodes.OK;
  }
}
