package dev.mq.cli.internal;

import dev.mq.Broker;
import dev.mq.ConfigKeys;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import picocli.CommandLine.Option;

/**
 * The options of every {@code mq dlq} command and the loop that takes dead letters one batch at a
 * time. Dead letters a command does not acknowledge stay held until the queue instance closes,
 * which gives them back unsettled: a dead-letter queue is read without reject, so reading never
 * moves a dead letter on. On a broker with ordering by key, a held dead letter hides the later
 * ones of its key until the command ends (SPEC 7.2).
 */
public final class DlqReader {

  @Option(names = "--group", paramLabel = "GROUP",
      description = "Consumer group that reads the dead-letter queue (default: the broker's default group).")
  String group;

  @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "2s", converter = DurationConverter.class,
      description = "Longest wait for the next dead letter; the command ends after waiting this long for none (default ${DEFAULT-VALUE}).")
  Duration wait;

  /**
   * Connects for reading a dead-letter queue: without {@code mq.dead-letter-queue}, since nothing
   * here rejects, and a dead-letter queue of the dead-letter queue must not have to exist.
   */
  Broker connect(GlobalOptions options, Session session) {
    Map<String, String> config = options.brokerConfig();
    config.remove(ConfigKeys.DEAD_LETTER_QUEUE);
    return session.connector().apply(config);
  }

  /** The dead-letter queue instance of {@code --group}. */
  MessageQueue open(Broker broker, String queue) {
    return group == null ? broker.queue(queue) : broker.queue(queue, group);
  }

  /**
   * Hands every dead letter to {@code visitor} until none comes within {@code --wait}, {@code max}
   * were handed, the visitor returns false, or a stop is requested; returns how many were handed.
   */
  long forEach(MessageQueue dlq, long max, Session session, Predicate<Envelope> visitor) {
    long seen = 0;
    while (seen < max && !session.stop().requested()) {
      List<Envelope> batch = dlq.dequeue((int) Math.min(max - seen, 100), wait);
      if (batch.isEmpty()) {
        return seen;
      }
      for (Envelope e : batch) {
        if (session.stop().requested()) {
          return seen;
        }
        seen++;
        if (!visitor.test(e)) {
          return seen;
        }
      }
    }
    return seen;
  }
}
