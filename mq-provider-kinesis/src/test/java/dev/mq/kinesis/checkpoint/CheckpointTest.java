package dev.mq.kinesis.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CheckpointTest {

  @Test
  void textFormRoundTrips() {
    for (Checkpoint c : new Checkpoint[] {Checkpoint.afterRecord("49590338271490256608559692538361571095921575989136588898"),
        Checkpoint.at("12", 3), Checkpoint.shardEnd()}) {
      assertThat(Checkpoint.parse(c.toString())).isEqualTo(c);
    }
  }

  @Test
  void ordersBySequenceNumericallyThenSubSequenceWithShardEndLast() {
    assertThat(Checkpoint.afterRecord("9")).isLessThan(Checkpoint.afterRecord("10"));
    assertThat(Checkpoint.at("10", 1)).isLessThan(Checkpoint.at("10", 2));
    assertThat(Checkpoint.at("10", 2)).isLessThan(Checkpoint.afterRecord("10"));
    assertThat(Checkpoint.afterRecord("99999999999999999999999")).isLessThan(Checkpoint.shardEnd());
  }

  @Test
  void malformedValuesAreRefused() {
    assertThatThrownBy(() -> Checkpoint.afterRecord("12a")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Checkpoint.afterRecord("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Checkpoint.at("1", -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Checkpoint.parse("1/x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Checkpoint.shardEnd().sequenceNumber()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aStartTimeIsACheckpointWithAParseableTextFormOrderedBeforeEveryPosition() {
    Checkpoint t = Checkpoint.atTimestamp(java.time.Instant.parse("2026-01-31T10:00:00.123456789Z"));
    assertThat(t.toString()).isEqualTo("AT_TIMESTAMP:2026-01-31T10:00:00.123456789Z");
    assertThat(Checkpoint.parse(t.toString())).isEqualTo(t);
    assertThat(t.isAtTimestamp()).isTrue();
    assertThat(t.isPosition()).isFalse();
    assertThat(t.isShardEnd()).isFalse();
    assertThat(t).isLessThan(Checkpoint.afterRecord("0")).isLessThan(Checkpoint.shardEnd());
    assertThat(t).isLessThan(Checkpoint.atTimestamp(java.time.Instant.parse("2026-01-31T10:00:01Z")));
    assertThatThrownBy(t::sequenceNumber).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> Checkpoint.parse("AT_TIMESTAMP:yesterday")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Checkpoint.afterRecord("1").timestamp()).isInstanceOf(IllegalStateException.class);
  }
}
