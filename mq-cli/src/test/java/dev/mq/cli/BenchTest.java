package dev.mq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** mq bench push and consume on the in-memory provider, with tiny counts. */
@ExtendWith(InMemoryProviderExtension.class)
class BenchTest {

  private final Cli cli = new Cli(Map.of("mq.provider", "inmemory"));

  @AfterEach
  void close() {
    cli.close();
  }

  @Test
  void pushThenConsumeReportRatesAndPercentiles() {
    Cli.Result push = cli.run("bench", "push", "b", "--count", "500", "--batch", "50", "--size", "10");
    assertThat(push.exit()).isZero();
    assertThat(push.out()).contains("pushed to b: 500 messages", "msg/s", "p50", "p99", "(10 samples)");
    Cli.Result single = cli.run("bench", "push", "b", "--count", "20");
    assertThat(single.out()).contains("20 messages", "(20 samples)");
    Cli.Result consume = cli.run("bench", "consume", "b", "--count", "600", "--wait", "300ms");
    assertThat(consume.exit()).isZero();
    assertThat(consume.out()).contains("consumed from b: 520 messages", "p99.9", "(520 samples)");
  }

  @Test
  void badCountsAreUsageErrors() {
    assertThat(cli.run("bench", "push", "b", "--count", "0").exit()).isEqualTo(2);
    assertThat(cli.run("bench", "push", "b", "--batch", "501").exit()).isEqualTo(2);
    assertThat(cli.run("bench", "consume", "b", "--count", "-1").exit()).isEqualTo(2);
    assertThat(cli.run("bench", "b").exit()).isEqualTo(2);
  }
}
