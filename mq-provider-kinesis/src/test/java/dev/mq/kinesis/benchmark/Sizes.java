package dev.mq.kinesis.benchmark;

import java.time.Duration;

/**
 * How much each comparison does on one emulator.
 *
 * @param rounds measured rounds per variant
 * @param warmUp whether a smaller warm-up round comes first
 * @param producerMessages messages per producer round (batching variants)
 * @param singleMessages messages per round of the one-PutRecord-per-message baseline
 * @param consumerBacklog records pre-filled for the consumer comparison
 * @param latencyRate messages per second of the latency comparison
 * @param latencyDuration how long it sends (the first second is not counted)
 */
record Sizes(int rounds, boolean warmUp, int producerMessages, int singleMessages,
    int consumerBacklog, int latencyRate, Duration latencyDuration) {

  /** The documented run on kinesalite. */
  static final Sizes KINESALITE = new Sizes(3, true, 12_000, 1_000, 30_000, 20, Duration.ofSeconds(15));
  /**
   * The documented run on kinesis-local, which is slower and slows down further as a stream
   * fills: a tenth of the producer counts, an eighth of the backlog.
   */
  static final Sizes KINESIS_LOCAL = new Sizes(3, true, 1_000, 100, 4_000, 20, Duration.ofSeconds(15));
  /** The smoke test's: every code path runs, the figures mean nothing. */
  static final Sizes SMOKE = new Sizes(1, false, 500, 10, 500, 20, Duration.ofMillis(2500));
}
