package dev.mq.kinesis.internal.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.Envelope;
import dev.mq.kinesis.checkpoint.Checkpoint;
import org.junit.jupiter.api.Test;

/** What a hand-over writes is one snapshot of the tracker: no acknowledgement falls between. */
class HandOverStateTest {

  private static InboundMessage msg(String seq) {
    return new InboundMessage("shard-0", seq, 0, true, Envelope.of(seq), 10);
  }

  @Test
  void anAcknowledgementDuringTheHandOverIsCoveredOrIgnored() {
    ShardTracker t = new ShardTracker("shard-0", Checkpoint.afterRecord("0"));
    InboundMessage a = msg("10");
    InboundMessage b = msg("20");
    InboundMessage c = msg("30");
    t.add(a);
    t.add(b);
    t.add(c);
    t.settled(c);
    boolean[] settledBetween = new boolean[1];
    ShardTracker.HandOver state = ShardReaders.handOverState(t, () -> settledBetween[0] = t.settled(a));
    boolean aAcknowledgedHere = settledBetween[0];
    if (aAcknowledgedHere) {
      assertThat(state.covers(a.checkpoint())).as("acknowledged during the hand-over, so the next owner must "
          + "not deliver it again: state %s", state).isTrue();
    } else {
      assertThat(state.covers(a.checkpoint())).as("not acknowledged: delivered again").isFalse();
    }
    assertThat(state.covers(c.checkpoint())).isTrue();
    assertThat(state.covers(b.checkpoint())).isFalse();
    assertThat(t.settled(b)).as("settles after the hand-over change nothing").isFalse();
  }
}
