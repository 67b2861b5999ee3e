package dev.mq.cli;

import dev.mq.MessageQueues;
import dev.mq.cli.internal.BenchCommand;
import dev.mq.cli.internal.CommandFactory;
import dev.mq.cli.internal.ConsumeCommand;
import dev.mq.cli.internal.DlqCommand;
import dev.mq.cli.internal.ErrorReporter;
import dev.mq.cli.internal.ProvidersCommand;
import dev.mq.cli.internal.PushCommand;
import dev.mq.cli.internal.Session;
import dev.mq.cli.internal.StopSignal;
import dev.mq.cli.internal.TckCommand;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code mq} command: operate queues, replay dead letters and run the TCK against any broker
 * that configuration describes, through the public API of {@code mq-api} only.
 */
@Command(name = "mq", mixinStandardHelpOptions = true, version = "mq 0.1.0-SNAPSHOT",
    description = "Operate queues, replay dead letters and run the TCK on any configured broker.",
    subcommands = {ProvidersCommand.class, PushCommand.class, ConsumeCommand.class,
        DlqCommand.class, TckCommand.class, BenchCommand.class},
    footer = {"", "Exit codes: 0 ok, 1 failure, 2 usage or configuration error.",
        "Configuration, highest first: -D key=value, --config FILE, mq.* system",
        "properties, MQ_* environment variables, mq.properties on the class path.",
        "A command's options follow its name: mq push --config my.properties orders hi"})
public final class Mq implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** For picocli. */
  public Mq() {}

  /** Without a command: the usage. */
  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * Runs {@code mq} and exits with its exit code.
   *
   * @param args the command and its options
   */
  public static void main(String[] args) {
    StopSignal stop = new StopSignal().onShutdown();
    Session session = new Session(
        new PrintWriter(System.out, true, StandardCharsets.UTF_8),
        new PrintWriter(System.err, true, StandardCharsets.UTF_8),
        System.in, MessageQueues::connect, stop);
    int code = run(session, args);
    stop.finished();
    System.exit(code);
  }

  /**
   * Runs {@code mq} with the given session.
   *
   * @param session where the command reads and writes, and how it connects
   * @param args the command and its options
   * @return the exit code
   */
  public static int run(Session session, String... args) {
    CommandLine cl = commandLine(session);
    try {
      return cl.execute(args);
    } finally {
      session.out().flush();
      session.err().flush();
    }
  }

  /**
   * {@return the picocli command line, wired to the session (also used to print the usage)}
   *
   * @param session where the commands read and write, and how they connect
   */
  public static CommandLine commandLine(Session session) {
    CommandLine cl = new CommandLine(new Mq(), new CommandFactory(session));
    ErrorReporter errors = new ErrorReporter();
    cl.setOut(session.out());
    cl.setErr(session.err());
    cl.setExecutionExceptionHandler(errors);
    cl.setParameterExceptionHandler(errors);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    return cl;
  }
}
