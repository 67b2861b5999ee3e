package dev.mq.cli.internal;

import dev.mq.Broker;
import dev.mq.DeadLetters;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mq dlq QUEUE replay}: sends dead letters back to their source queue
 * ({@value DeadLetters#SOURCE_QUEUE}, or {@code --to}). Each one is pushed to the target first and
 * acknowledged in the dead-letter queue only after the push returned, so a failure or Ctrl-C in
 * between can duplicate a message but never lose one. The replayed message keeps body, message id,
 * partition key and properties, without the {@code mq.dead-letter.*} ones, and starts again at
 * attempt 1 (SPEC 2.11).
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = "Push dead letters back to their source queue (or --to), then acknowledge them in the dead-letter queue.")
public final class DlqReplay extends DlqSubcommand {

  private static final String DEAD_LETTER_PREFIX = "mq.dead-letter.";

  @Option(names = "--to", paramLabel = "QUEUE", description = "Replay to QUEUE instead of each dead letter's source queue.")
  String to;

  @Option(names = "--reason-contains", paramLabel = "TEXT",
      description = "Only dead letters whose reason contains TEXT; the others stay.")
  String reasonContains;

  @Option(names = "--since", paramLabel = "WHEN", converter = SinceConverter.class,
      description = "Only dead letters dead-lettered at or after WHEN: an instant (2026-12-03T10:00:00Z) or a time ago (30m, 2h); older ones, and those without a time, stay.")
  Instant since;

  @Option(names = "--max", paramLabel = "N", defaultValue = "1000000",
      description = "Look at most at N dead letters (default ${DEFAULT-VALUE}).")
  long max;

  @Option(names = "--dry-run", description = "Print what would be replayed; push and acknowledge nothing.")
  boolean dryRun;

  @Option(names = "--no-progress", description = "No progress bar (shown on a terminal).")
  boolean noProgress;

  DlqReplay(Session session) {
    super(session);
  }

  @Override
  public Integer call() {
    PrintWriter out = session.out();
    Map<String, MessageQueue> targets = new HashMap<>();
    long[] replayed = {0};
    long[] skipped = {0};
    long[] older = {0};
    long[] noSource = {0};
    RuntimeException[] failure = {null};
    try (Broker broker = reader.connect(options, session);
         MessageQueue dlq = reader.open(broker, parent.queue());
         Progress progress = Progress.start(!noProgress && Progress.interactive(), "replay", -1, "msg")) {
      try {
        reader.forEach(dlq, max, session, e -> {
          progress.step(1);
          if (reasonContains != null
              && !e.property(DeadLetters.REASON).orElse("").contains(reasonContains)) {
            skipped[0]++;
            return true;
          }
          if (since != null && !deadLetteredSince(e, since)) {
            older[0]++;
            return true;
          }
          Optional<String> target = Optional.ofNullable(to).or(() -> e.property(DeadLetters.SOURCE_QUEUE));
          if (target.isEmpty()) {
            noSource[0]++;
            return true;
          }
          if (dryRun) {
            out.println("would replay " + e.messageId() + " to " + target.get()
                + " (reason: " + e.property(DeadLetters.REASON).orElse("-") + ")");
            replayed[0]++;
            return true;
          }
          try {
            targets.computeIfAbsent(target.get(), broker::queue).push(replayable(e));
          } catch (RuntimeException ex) {
            failure[0] = ex;
            out.println("could not push " + e.messageId() + " to " + target.get()
                + "; it stays in " + parent.queue());
            return false;
          }
          dlq.acknowledge(e); // only now: the message is safely in its target
          replayed[0]++;
          return true;
        });
      } finally {
        targets.values().forEach(MessageQueue::close);
      }
    }
    String verb = dryRun ? "would replay " : "replayed ";
    String summary = verb + replayed[0] + " dead letter" + (replayed[0] == 1 ? "" : "s")
        + (to != null ? " to " + to : " to their source queues")
        + "; " + skipped[0] + " not matching --reason-contains, "
        + (since == null ? "" : older[0] + " dead-lettered before " + since + " or without a time, ")
        + "and " + noSource[0]
        + " without " + DeadLetters.SOURCE_QUEUE + " stay in " + parent.queue();
    if (session.stop().requested()) {
      out.println("stopped: " + summary + "; the rest were not looked at");
      return ExitCodes.FAILURE;
    }
    out.println(summary);
    if (failure[0] != null) {
      throw failure[0];
    }
    return ExitCodes.OK;
  }

  /** Whether {@code e} carries a dead-letter time at or after {@code since}. */
  static boolean deadLetteredSince(Envelope e, Instant since) {
    Optional<String> time = e.property(DeadLetters.TIME);
    if (time.isEmpty()) {
      return false;
    }
    try {
      return !Instant.parse(time.get()).isBefore(since);
    } catch (DateTimeParseException malformed) {
      return false;
    }
  }

  /** The dead letter as a new message: everything but its mq.dead-letter.* properties. */
  static Envelope replayable(Envelope deadLetter) {
    Envelope.Builder b = deadLetter.toBuilder().clearProperties();
    deadLetter.properties().forEach((k, v) -> {
      if (!k.startsWith(DEAD_LETTER_PREFIX)) {
        b.property(k, v);
      }
    });
    return b.build();
  }
}
