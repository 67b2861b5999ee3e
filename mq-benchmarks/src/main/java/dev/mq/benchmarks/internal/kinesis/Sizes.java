package dev.mq.benchmarks.internal.kinesis;

import java.time.Duration;

/**
 * How much each scenario does. {@link #full()} is the documented run (about 10 minutes on 2
 * cores); {@link #smoke()} only proves that every scenario works (seconds).
 *
 * @param rounds measured rounds per variant (after one smaller warm-up round)
 * @param producerMessages messages per producer round for the batching variants
 * @param naiveMessages messages per round of the one-PutRecord-per-message baseline
 * @param kinesisLocalShare fraction of the message counts used on kinesis-local, which slows
 *     down as a stream fills
 * @param consumerBacklog records pre-filled for the consumer scenario
 * @param latencyRate messages per second of the latency scenario
 * @param latencyDuration how long the latency scenario sends (the first second is not counted)
 * @param limitDuration how long the shard-limit scenario pushes per shard count
 * @param memoryBacklog records drained by the memory scenario's child JVM
 * @param memoryHeap the child JVM's {@code -Xmx}
 */
public record Sizes(int rounds, int producerMessages, int naiveMessages, double kinesisLocalShare,
    int consumerBacklog, int latencyRate, Duration latencyDuration, Duration limitDuration,
    int memoryBacklog, String memoryHeap) {

  /** The documented run. */
  public static Sizes full() {
    return new Sizes(3, 20_000, 2_000, 0.25, 40_000, 100, Duration.ofSeconds(15),
        Duration.ofSeconds(12), 200_000, "128m");
  }

  /** Tiny counts for the smoke test: the figures mean nothing, the code paths all run. */
  public static Sizes smoke() {
    return new Sizes(1, 600, 50, 1.0, 600, 50, Duration.ofSeconds(2), Duration.ofSeconds(2),
        1_500, "128m");
  }

  /** {@code n} scaled for kinesis-local, at least 1. */
  public int forKinesisLocal(int n) {
    return Math.max(1, (int) (n * kinesisLocalShare));
  }
}
