package dev.mq.cli.internal;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * A command that talks to a broker: it takes the {@link GlobalOptions} and runs in a
 * {@link Session}; picocli finds the mixin in this superclass.
 */
public abstract class BrokerCommand implements Callable<Integer>, ConnectsToBroker {

  @Mixin
  GlobalOptions options;

  /** The streams, connector and stop flag of this run. */
  protected final Session session;

  /**
   * For the session.
   *
   * @param session the streams, connector and stop flag of this run
   */
  protected BrokerCommand(Session session) {
    this.session = session;
  }

  @Override
  public GlobalOptions options() {
    return options;
  }
}
