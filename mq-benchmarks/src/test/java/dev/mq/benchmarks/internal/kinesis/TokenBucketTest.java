package dev.mq.benchmarks.internal.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final TokenBucket bucket = new TokenBucket(1000, now::get);

  @Test
  void startsEmptyAndFillsAtItsRate() {
    assertThat(bucket.tryTake(1)).isFalse();
    now.addAndGet(10_000_000L); // 10 ms: 10 tokens
    assertThat(bucket.has(10)).isTrue();
    assertThat(bucket.has(11)).isFalse();
    assertThat(bucket.tryTake(7)).isTrue();
    assertThat(bucket.tryTake(4)).as("only 3 left; takes none").isFalse();
    assertThat(bucket.tryTake(3)).isTrue();
    assertThat(bucket.tryTake(1)).isFalse();
  }

  @Test
  void holdsAtMostOneSecondOfTokens() {
    now.addAndGet(5_000_000_000L);
    assertThat(bucket.tryTake(1000)).isTrue();
    assertThat(bucket.tryTake(1)).isFalse();
  }

  @Test
  void refusesANonPositiveRate() {
    assertThatThrownBy(() -> new TokenBucket(0, now::get)).isInstanceOf(IllegalArgumentException.class);
  }
}
