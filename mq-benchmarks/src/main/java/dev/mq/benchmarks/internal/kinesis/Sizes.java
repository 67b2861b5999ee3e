package dev.mq.benchmarks.internal.kinesis;

import java.time.Duration;

/**
 * How much each scenario does. {@link #full()} is the documented run (about 12 minutes on 2
 * cores); {@link #smoke()} only proves that every scenario works.
 *
 * @param rounds measured rounds per variant (after one smaller warm-up round)
 * @param producerMessages messages per producer round for the batching variants, on kinesalite
 * @param naiveMessages messages per round of the one-PutRecord-per-message baseline, on kinesalite
 * @param consumerBacklog records pre-filled for the consumer scenario, on kinesalite
 * @param localProducerMessages {@code producerMessages} on kinesis-local, which is slower and
 *     slows down further as a stream fills
 * @param localNaiveMessages {@code naiveMessages} on kinesis-local
 * @param localConsumerBacklog {@code consumerBacklog} on kinesis-local
 * @param latencyRate messages per second of the latency scenario
 * @param latencyDuration how long the latency scenario sends (the first second is not counted)
 * @param limitDuration how long the shard-limit scenario pushes per shard count
 * @param memoryBacklog records drained by the memory scenario's child JVM
 * @param memoryHeap the child JVM's {@code -Xmx}
 */
public record Sizes(int rounds, int producerMessages, int naiveMessages, int consumerBacklog,
    int localProducerMessages, int localNaiveMessages, int localConsumerBacklog, int latencyRate,
    Duration latencyDuration, Duration limitDuration, int memoryBacklog, String memoryHeap) {

  /** The documented run. */
  public static Sizes full() {
    return new Sizes(3, 12_000, 1_000, 30_000, 1_000, 100, 4_000, 20, Duration.ofSeconds(15),
        Duration.ofSeconds(12), 200_000, "128m");
  }

  /** Tiny counts for the smoke test: the figures mean nothing, the code paths all run. */
  public static Sizes smoke() {
    return new Sizes(1, 600, 50, 600, 600, 20, 600, 50, Duration.ofSeconds(2),
        Duration.ofSeconds(2), 1_500, "128m");
  }

  /** Messages per producer round on this server. */
  public int producerMessages(Server.Kind server) {
    return server == Server.Kind.KINESIS_LOCAL ? localProducerMessages : producerMessages;
  }

  /** Messages per round of the one-by-one baseline on this server. */
  public int naiveMessages(Server.Kind server) {
    return server == Server.Kind.KINESIS_LOCAL ? localNaiveMessages : naiveMessages;
  }

  /** The consumer scenario's backlog on this server. */
  public int consumerBacklog(Server.Kind server) {
    return server == Server.Kind.KINESIS_LOCAL ? localConsumerBacklog : consumerBacklog;
  }
}
