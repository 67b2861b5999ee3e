package dev.mq.cli.internal;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** A subcommand of {@code mq dlq QUEUE}: the dead-letter queue's name and the reading options. */
public abstract class DlqSubcommand extends BrokerCommand {

  @ParentCommand
  DlqCommand parent;

  @Mixin
  DlqReader reader;

  /**
   * For the session.
   *
   * @param session the streams, connector and stop flag of this run
   */
  protected DlqSubcommand(Session session) {
    super(session);
  }
}
