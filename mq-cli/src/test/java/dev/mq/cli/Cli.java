package dev.mq.cli;

import dev.mq.Broker;
import dev.mq.Capability;
import dev.mq.MessageQueue;
import dev.mq.MessageQueues;
import dev.mq.cli.internal.Session;
import dev.mq.cli.internal.StopSignal;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * Runs {@code mq} in process with captured streams against one shared in-memory broker, so that
 * what one command pushes the next one sees (each real run of the jar is its own process). Every
 * configuration a command connects with is still checked by a real {@code MessageQueues.connect}.
 */
final class Cli implements AutoCloseable {

  /** Result of one run. */
  record Result(int exit, String out, String err) {}

  final Broker broker;

  Cli(Map<String, String> brokerConfig) {
    broker = MessageQueues.connect(brokerConfig);
  }

  Result runWithInput(String stdin, String... args) {
    return run(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), new StopSignal(), args);
  }

  Result run(InputStream in, StopSignal stop, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Session session = new Session(new PrintWriter(out, true), new PrintWriter(err, true), in,
        config -> {
          MessageQueues.connect(config).close(); // the command's configuration must be valid
          return new Unclosed(broker);
        }, stop);
    int exit = Mq.run(session, args);
    return new Result(exit, out.toString(), err.toString());
  }

  Result run(String... args) {
    return runWithInput("", args);
  }

  @Override
  public void close() {
    broker.close();
  }

  /** The shared broker, which a command's close must not close. */
  private record Unclosed(Broker delegate) implements Broker {
    @Override
    public String provider() {
      return delegate.provider();
    }

    @Override
    public Set<Capability> capabilities() {
      return delegate.capabilities();
    }

    @Override
    public String defaultConsumerGroup() {
      return delegate.defaultConsumerGroup();
    }

    @Override
    public MessageQueue queue(String name) {
      return delegate.queue(name);
    }

    @Override
    public MessageQueue queue(String name, String consumerGroup) {
      return delegate.queue(name, consumerGroup);
    }

    @Override
    public void close() {
      // shared across runs; the test closes it
    }
  }
}
