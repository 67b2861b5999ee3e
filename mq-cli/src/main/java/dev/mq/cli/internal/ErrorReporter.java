package dev.mq.cli.internal;

import dev.mq.ConfigurationException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every error into one line on standard error ({@code mq: ...}) and an exit code: 2 for bad
 * usage or configuration, 1 for anything else. The stack trace only with {@code --verbose}.
 */
public final class ErrorReporter
    implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    PrintWriter err = cl.getErr();
    err.println("mq: " + ex.getMessage());
    err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help'.");
    return ExitCodes.USAGE;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parsed) {
    PrintWriter err = cl.getErr();
    err.println("mq: " + oneLine(ex));
    if (verbose(cl)) {
      ex.printStackTrace(err);
    }
    return isUsage(ex) ? ExitCodes.USAGE : ExitCodes.FAILURE;
  }

  /** Configuration, usage, and arguments the API refused (names, limits) are the user's to fix. */
  static boolean isUsage(Throwable ex) {
    return ex instanceof ConfigurationException || ex instanceof UsageException
        || ex instanceof IllegalArgumentException;
  }

  /** The message, with the cause's when it adds something; never a stack trace. */
  static String oneLine(Throwable ex) {
    String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
    Throwable cause = ex.getCause();
    if (cause != null && cause.getMessage() != null && !msg.contains(cause.getMessage())) {
      msg += " (" + cause.getMessage() + ")";
    }
    return msg.replace('\n', ' ').replace('\r', ' ');
  }

  private static boolean verbose(CommandLine cl) {
    for (CommandLine c = cl; c != null; c = c.getParent()) {
      Object command = c.getCommand();
      if (command instanceof ConnectsToBroker b && b.options().verbose()) {
        return true;
      }
    }
    return false;
  }
}
