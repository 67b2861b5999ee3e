package dev.mq.cli.internal;

import dev.mq.BatchPushException;
import dev.mq.Broker;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mq push QUEUE}: one message from an argument, a file or standard input, or with
 * {@code --lines} one message per line, pushed in batches with {@code pushAll}.
 */
@Command(name = "push", mixinStandardHelpOptions = true,
    description = "Push one message (BODY, --file, or standard input), or one per line of --lines FILE.")
public final class PushCommand extends BrokerCommand {

  @Parameters(index = "0", paramLabel = "QUEUE", description = "The queue.")
  String queue;

  @Parameters(index = "1", arity = "0..1", paramLabel = "BODY",
      description = "The body as UTF-8; without it (and without --file, --lines) standard input is the body.")
  String body;

  @Option(names = "--file", paramLabel = "FILE", description = "Read the body from FILE, byte for byte.")
  Path file;

  @Option(names = "--lines", paramLabel = "FILE",
      description = "One message per line of FILE (UTF-8; - for standard input), pushed in batches.")
  String lines;

  @Option(names = "--batch", paramLabel = "N", defaultValue = "100",
      description = "Messages per pushAll with --lines (1..500; default ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--key", paramLabel = "KEY", description = "Partition key of every message.")
  String key;

  @Option(names = "--property", paramLabel = "NAME=VALUE",
      description = "A property of every message (repeatable).")
  Map<String, String> properties = new LinkedHashMap<>();

  @Option(names = "--id", paramLabel = "ID", description = "Message id (one message only; default: generated).")
  String id;

  @Option(names = "--no-progress", description = "No progress bar (shown on a terminal with --lines).")
  boolean noProgress;

  PushCommand(Session session) {
    super(session);
  }

  @Override
  public Integer call() throws IOException {
    int sources = (body != null ? 1 : 0) + (file != null ? 1 : 0) + (lines != null ? 1 : 0);
    if (sources > 1) {
      throw new UsageException("give one of BODY, --file and --lines");
    }
    if (lines != null && id != null) {
      throw new UsageException("--id names one message; it cannot be used with --lines");
    }
    if (batch < 1 || batch > 500) {
      throw new UsageException("--batch must be from 1 to 500, but is " + batch);
    }
    requireFile(file, "--file");
    if (lines != null && !lines.equals("-")) {
      requireFile(Path.of(lines), "--lines");
    }
    if (lines != null) {
      return pushLines();
    }
    byte[] bytes = body != null ? body.getBytes(StandardCharsets.UTF_8)
        : file != null ? Files.readAllBytes(file)
        : session.in().readAllBytes();
    Envelope e = envelope(Envelope.builder().body(bytes));
    try (Broker broker = options.connect(session); MessageQueue q = broker.queue(queue)) {
      q.push(e);
    }
    session.out().println("pushed 1 message to " + queue + " (id " + e.messageId() + ")");
    return ExitCodes.OK;
  }

  /** A missing input file is the user's to fix: exit code 2, not a stack of I/O errors. */
  static void requireFile(Path p, String option) {
    if (p != null && !Files.isRegularFile(p)) {
      throw new UsageException(option + " " + p + ": no such file");
    }
  }

  private Envelope envelope(Envelope.Builder b) {
    properties.forEach(b::property);
    if (key != null) {
      b.partitionKey(key);
    }
    if (id != null) {
      b.messageId(id);
    }
    return b.build();
  }

  private int pushLines() throws IOException {
    boolean stdin = lines.equals("-");
    long total = stdin ? -1 : countLines(Path.of(lines));
    long pushed = 0;
    try (BufferedReader reader = reader(stdin);
         Broker broker = options.connect(session);
         MessageQueue q = broker.queue(queue);
         Progress progress = Progress.start(!noProgress && Progress.interactive(), "push " + queue, total, "msg")) {
      List<Envelope> pending = new ArrayList<>(batch);
      String line;
      while (true) {
        line = session.stop().requested() ? null : reader.readLine();
        if (line != null) {
          pending.add(envelope(Envelope.builder().body(line)));
        }
        if (!pending.isEmpty() && (line == null || pending.size() == batch)) {
          try {
            q.pushAll(pending);
          } catch (BatchPushException ex) {
            long written = pushed + pending.size() - ex.failures().size();
            session.out().println("pushed " + written + " messages to " + queue + "; then "
                + ex.notWritten().size() + " of a batch were not written and "
                + ex.maybeWritten().size() + " may have been; lines after line " + (pushed + pending.size())
                + " were not pushed");
            throw ex;
          } catch (RuntimeException ex) {
            session.out().println("pushed " + pushed + " messages to " + queue
                + "; the batch of lines " + (pushed + 1) + " to " + (pushed + pending.size())
                + " failed and later lines were not pushed");
            throw ex;
          }
          pushed += pending.size();
          progress.step(pending.size());
          pending.clear();
        }
        if (line == null) {
          break;
        }
      }
    }
    if (session.stop().requested()) {
      session.out().println("stopped: pushed " + pushed + " messages to " + queue
          + " (lines 1 to " + pushed + "); the rest were not pushed");
      return ExitCodes.FAILURE;
    }
    session.out().println("pushed " + pushed + " messages to " + queue);
    return ExitCodes.OK;
  }

  private BufferedReader reader(boolean stdin) throws IOException {
    InputStream in = stdin ? session.in() : Files.newInputStream(Path.of(lines));
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  private static long countLines(Path p) throws IOException {
    try (Stream<String> s = Files.lines(p, StandardCharsets.UTF_8)) {
      return s.count();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
