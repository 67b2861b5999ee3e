package dev.mq.cli.internal;

/** A command that takes the {@link GlobalOptions}. */
public interface ConnectsToBroker {

  /** {@return its configuration options and {@code --verbose}} */
  GlobalOptions options();
}
