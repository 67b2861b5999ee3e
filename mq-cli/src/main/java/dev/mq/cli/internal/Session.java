package dev.mq.cli.internal;

import dev.mq.Broker;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What one run of {@code mq} works with: its streams, how it connects to a broker, and the flag
 * that Ctrl-C raises. Tests build one with captured streams and a shared in-memory broker.
 *
 * @param out standard output: results
 * @param err standard error: errors, warnings, progress
 * @param in standard input: message bodies and confirmations
 * @param connector connects with a configuration map; {@code MessageQueues::connect} in the jar
 * @param stop raised when the user asks the run to stop
 */
public record Session(
    PrintWriter out,
    PrintWriter err,
    InputStream in,
    Function<Map<String, String>, Broker> connector,
    StopSignal stop) {

  /**
   * Checks that nothing is null.
   *
   * @param out standard output: results
   * @param err standard error: errors, warnings, progress
   * @param in standard input: message bodies and confirmations
   * @param connector connects with a configuration map
   * @param stop raised when the user asks the run to stop
   */
  public Session {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(connector, "connector");
    Objects.requireNonNull(stop, "stop");
  }
}
