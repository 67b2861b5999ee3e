package dev.mq.cli.internal;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code mq dlq QUEUE count|show|replay|purge}: look at and work off a dead-letter queue
 * (SPEC 5.5). QUEUE is the dead-letter queue's own name, e.g. {@code orders-dlq}.
 */
@Command(name = "dlq", mixinStandardHelpOptions = true,
    description = "Count, show, replay or purge the dead letters of dead-letter queue QUEUE.",
    subcommands = {DlqCount.class, DlqShow.class, DlqReplay.class, DlqPurge.class})
public final class DlqCommand {

  @Parameters(index = "0", paramLabel = "QUEUE", description = "The dead-letter queue, e.g. orders-dlq.")
  String queue;

  /** The dead-letter queue named on the command line. */
  String queue() {
    return queue;
  }
}
