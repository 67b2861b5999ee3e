package dev.mq.kinesis.internal.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mq.Envelope;
import dev.mq.kinesis.checkpoint.Checkpoint;
import dev.mq.kinesis.internal.lease.DoneRange;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs of positions done ahead of the checkpoint: text form, merging, the cap. */
class DoneRangeTest {

  private static Checkpoint cp(long seq) {
    return Checkpoint.afterRecord(Long.toString(seq));
  }

  private static InboundMessage msg(long seq) {
    return new InboundMessage("shard-0", Long.toString(seq), 0, true, Envelope.of("m" + seq), 10);
  }

  @Test
  void textFormRoundTripsAndReadsSinglePositionsAsStoredBefore() {
    DoneRange run = new DoneRange(Checkpoint.at("13", 2), cp(20));
    assertThat(run.toString()).isEqualTo("13/2..20");
    assertThat(DoneRange.parse(run.toString())).isEqualTo(run);
    assertThat(DoneRange.parse("12")).isEqualTo(DoneRange.of(cp(12)));
    assertThat(DoneRange.of(cp(12)).toString()).isEqualTo("12");
    assertThatThrownBy(() -> DoneRange.parse("20..13")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DoneRange.parse("SHARD_END")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void boundedMergesOverlapsAndKeepsTheRunsNearestTheCheckpoint() {
    List<DoneRange> many = new ArrayList<>();
    for (int i = DoneRange.MAX_RANGES + 50; i >= 1; i--) {
      many.add(DoneRange.of(cp(i * 10L)));
    }
    many.add(new DoneRange(cp(5), cp(25))); // overlaps 10 and 20
    List<DoneRange> kept = DoneRange.bounded(many);
    assertThat(kept).hasSize(DoneRange.MAX_RANGES);
    assertThat(kept.get(0)).isEqualTo(new DoneRange(cp(5), cp(25)));
    assertThat(kept.get(1)).isEqualTo(DoneRange.of(cp(30)));
    assertThat(DoneRange.anyCovers(kept, cp((DoneRange.MAX_RANGES + 1) * 10L))).as("the last one kept").isTrue();
    assertThat(DoneRange.anyCovers(kept, cp(15))).isTrue();
    assertThat(DoneRange.anyCovers(kept, cp(26))).isFalse();
    assertThat(DoneRange.anyCovers(kept, cp(4))).isFalse();
    assertThat(DoneRange.anyCovers(kept, cp((DoneRange.MAX_RANGES + 2) * 10L)))
        .as("beyond the cap: delivered again").isFalse();
  }

  @Test
  void eightThousandAcknowledgementsAheadOfOneStuckMessageAreOneRunAndAreSkippedByTheNextOwner() {
    ShardTracker first = new ShardTracker("shard-0", null);
    List<InboundMessage> read = new ArrayList<>();
    for (long i = 1; i <= 8_001; i++) {
      InboundMessage m = msg(i);
      first.add(m);
      read.add(m);
    }
    read.subList(1, read.size()).forEach(first::settled);
    ShardTracker.HandOver h = first.handOver();
    assertThat(h.last()).isEmpty();
    assertThat(h.doneAhead()).containsExactly(new DoneRange(cp(2), cp(8_001)));

    ShardTracker next = new ShardTracker("shard-0", null, h.doneAhead());
    int toDeliver = 0;
    for (long i = 1; i <= 8_001; i++) {
      InboundMessage m = msg(i);
      next.add(m);
      toDeliver += m.isSettled() ? 0 : 1;
    }
    assertThat(toDeliver).as("only the stuck one is delivered again").isEqualTo(1);
  }

  @Test
  void alternatingAcknowledgementsAreCappedAndTheRestIsDeliveredAgain() {
    ShardTracker first = new ShardTracker("shard-0", null);
    List<InboundMessage> read = new ArrayList<>();
    for (long i = 1; i <= 1_000; i++) {
      InboundMessage m = msg(i);
      first.add(m);
      read.add(m);
    }
    for (int i = 1; i < read.size(); i += 2) {
      first.settled(read.get(i)); // every second one: 500 runs of one
    }
    List<DoneRange> ahead = first.handOver().doneAhead();
    assertThat(ahead).hasSize(DoneRange.MAX_RANGES);
    assertThat(ahead.get(0)).isEqualTo(DoneRange.of(cp(2)));
  }
}
