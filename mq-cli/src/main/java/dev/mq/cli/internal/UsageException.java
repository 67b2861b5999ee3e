package dev.mq.cli.internal;

/** A usage error found after parsing (options that do not go together); exit code 2. */
final class UsageException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** With the one-line message shown to the user. */
  UsageException(String message) {
    super(message);
  }
}
