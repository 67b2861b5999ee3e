package dev.mq.cli.internal;

/** The exit codes of {@code mq}. */
public final class ExitCodes {

  /** Everything done. */
  public static final int OK = 0;
  /** A failure: the broker refused or failed, a TCK rule failed, a run was cut short. */
  public static final int FAILURE = 1;
  /** Bad usage or configuration: unknown option, malformed value, unknown key or provider. */
  public static final int USAGE = 2;

  private ExitCodes() {}
}
