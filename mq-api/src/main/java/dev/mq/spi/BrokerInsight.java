package dev.mq.spi;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Optional interface of a {@link dev.mq.Broker}: what only the provider knows about itself, as
 * plain numbers and sentences, for monitoring. {@code mq-observability} turns the readings into
 * metrics and the problems into a health check; a provider that implements this needs no
 * metrics library. Every method is cheap, never calls the broker's service and never blocks
 * for long: monitoring calls it every few seconds from its own thread.
 *
 * <p>Names of readings: the constants here for what several providers know; anything else is
 * the provider's own, named {@code mq.<provider>.<what>} (for example
 * {@code mq.kinesis.leases.held}). Attributes use the keys {@link #QUEUE}, {@link #GROUP} and
 * {@link #PARTITION} where they apply; a reading's name and attribute keys stay the same for
 * the broker's life.
 */
public interface BrokerInsight {

  /** Messages held for a consumer group and not yet acknowledged (attributes: queue, group). */
  String DEPTH = "mq.queue.depth";
  /**
   * How far a group's reading is behind the newest message, in milliseconds (attributes:
   * queue, group, and partition where the provider reads partitions; Kinesis:
   * {@code MillisBehindLatest}).
   */
  String LAG_MILLIS = "mq.consumer.lag";
  /** Attribute key: the queue name. */
  String QUEUE = "messaging.destination.name";
  /** Attribute key: the consumer group. */
  String GROUP = "messaging.consumer.group.name";
  /** Attribute key: the partition (Kinesis: the shard id). */
  String PARTITION = "messaging.destination.partition.id";

  /** Whether a reading goes up and down, or only counts up from the broker's start. */
  enum Kind {
    /** A value now, such as a depth or a lag. */
    GAUGE,
    /** A running total since the broker started, such as retries. */
    COUNTER
  }

  /**
   * One number.
   *
   * @param name what it is, e.g. {@link #DEPTH}
   * @param kind gauge or counter
   * @param attributes which queue, group or partition it is about; may be empty
   * @param value the number
   */
  record Reading(String name, Kind kind, Map<String, String> attributes, double value) {
    /**
     * Checks and copies.
     *
     * @param name what it is, e.g. {@link #DEPTH}
     * @param kind gauge or counter
     * @param attributes which queue, group or partition it is about; may be empty
     * @param value the number
     */
    public Reading {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(kind, "kind");
      attributes = Map.copyOf(attributes);
    }
  }

  /** {@return every reading now} */
  List<Reading> readings();

  /**
   * {@return what is wrong now, one sentence each (a reader that keeps failing, a lease that cannot
   * be renewed); empty when nothing is} Never holds secrets.
   */
  default List<String> problems() {
    return List.of();
  }

  /**
   * {@return the attempt limit ({@code mq.max-delivery-attempts}): a message rejected with requeue
   * at this attempt goes to the dead-letter queue}
   */
  int maxDeliveryAttempts();

  /**
   * {@return the dead-letter queue of {@code queue}; empty when none is configured (a message given
   * up on is then dropped)}
   *
   * @param queue the source queue's name
   */
  Optional<String> deadLetterQueue(String queue);
}
