package dev.mq.cli.internal;

/** A command that takes the {@link GlobalOptions}. */
public interface ConnectsToBroker {

  /** Its configuration options and {@code --verbose}. */
  GlobalOptions options();
}
