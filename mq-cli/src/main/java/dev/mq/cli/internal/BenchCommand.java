package dev.mq.cli.internal;

import picocli.CommandLine.Command;

/** {@code mq bench push|consume QUEUE}: quick throughput and latency percentiles. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Quick throughput and latency percentiles, with a live progress bar.",
    subcommands = {BenchPush.class, BenchConsume.class})
public final class BenchCommand {
}
