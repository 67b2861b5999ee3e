package dev.mq.kinesis.internal.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.Envelope;
import dev.mq.kinesis.checkpoint.Checkpoint;
import dev.mq.kinesis.internal.lease.DoneRange;
import org.junit.jupiter.api.Test;

class ShardTrackerTest {

  private static InboundMessage msg(String seq) {
    return new InboundMessage("shard-0", seq, 0, true, Envelope.of(seq), 10);
  }

  private static InboundMessage sub(String seq, long sub, boolean last) {
    return new InboundMessage("shard-0", seq, sub, last, Envelope.of(seq + "/" + sub), 10);
  }

  @Test
  void checkpointNeverPassesAnUnacknowledgedMessage() {
    ShardTracker t = new ShardTracker("shard-0", null);
    InboundMessage a = msg("1");
    InboundMessage b = msg("2");
    InboundMessage c = msg("3");
    t.add(a);
    t.add(b);
    t.add(c);
    assertThat(t.settled(c)).isFalse();
    assertThat(t.settled(b)).isFalse();
    assertThat(t.checkpoint()).isEmpty();
    assertThat(t.settled(a)).isTrue();
    assertThat(t.checkpoint()).contains(Checkpoint.afterRecord("3"));
  }

  @Test
  void outOfOrderAcknowledgementsMoveToTheFirstGap() {
    ShardTracker t = new ShardTracker("shard-0", Checkpoint.afterRecord("0"));
    InboundMessage[] m = {msg("10"), msg("20"), msg("30"), msg("40")};
    for (InboundMessage x : m) {
      t.add(x);
    }
    t.settled(m[0]);
    t.settled(m[2]);
    assertThat(t.checkpoint()).contains(Checkpoint.afterRecord("10"));
    assertThat(t.outstandingCount()).isEqualTo(2);
    t.settled(m[1]);
    assertThat(t.checkpoint()).contains(Checkpoint.afterRecord("30"));
  }

  @Test
  void settledTwiceIsHarmless() {
    ShardTracker t = new ShardTracker("shard-0", null);
    InboundMessage a = msg("1");
    t.add(a);
    assertThat(t.settled(a)).isTrue();
    assertThat(t.settled(a)).isFalse();
    assertThat(t.outstandingBytes()).isZero();
  }

  @Test
  void positionsInsideAnAggregateUseSubSequenceNumbers() {
    ShardTracker t = new ShardTracker("shard-0", null);
    InboundMessage s0 = sub("5", 0, false);
    InboundMessage s1 = sub("5", 1, false);
    InboundMessage s2 = sub("5", 2, true);
    t.add(s0);
    t.add(s1);
    t.add(s2);
    t.settled(s0);
    assertThat(t.checkpoint()).contains(Checkpoint.at("5", 0));
    t.settled(s2);
    assertThat(t.checkpoint()).contains(Checkpoint.at("5", 0));
    t.settled(s1);
    assertThat(t.checkpoint()).contains(Checkpoint.afterRecord("5"));
  }

  @Test
  void shardEndOnlyOnceEverythingIsSettled() {
    ShardTracker t = new ShardTracker("shard-0", null);
    InboundMessage a = msg("1");
    t.add(a);
    t.markClosed();
    assertThat(t.isEnded()).isFalse();
    t.settled(a);
    assertThat(t.isEnded()).isTrue();
    assertThat(t.checkpoint()).contains(Checkpoint.shardEnd());
  }

  @Test
  void anEmptyClosedShardEndsAtOnce() {
    ShardTracker t = new ShardTracker("shard-0", null);
    t.markClosed();
    assertThat(t.isEnded()).isTrue();
    assertThat(t.takeChanged()).contains(Checkpoint.shardEnd());
    assertThat(t.takeChanged()).isEmpty();
  }

  @Test
  void readAheadIsFullByCountOrBytes() {
    ShardTracker t = new ShardTracker("shard-0", null);
    t.add(msg("1"));
    t.add(msg("2"));
    assertThat(t.isFull(3, 1000)).isFalse();
    assertThat(t.isFull(2, 1000)).isTrue();
    assertThat(t.isFull(10, 20)).isTrue();
  }

  @Test
  void aMessageSettledBehindAnUnsettledOneStillCountsUntilTheCheckpointPassesIt() {
    ShardTracker t = new ShardTracker("shard-0", null);
    InboundMessage a = msg("1");
    InboundMessage b = msg("2");
    t.add(a);
    t.add(b);
    t.settled(b); // still held, envelope and all, behind the unacknowledged a
    assertThat(t.outstandingBytes()).isEqualTo(20);
    assertThat(t.isFull(10, 20)).isTrue();
    t.settled(a);
    assertThat(t.outstandingBytes()).isZero();
    assertThat(t.isFull(10, 20)).isFalse();
  }

  @Test
  void takeChangedReportsEachMoveOnceAndAgainAfterAFailedWrite() {
    ShardTracker t = new ShardTracker("shard-0", null);
    InboundMessage a = msg("1");
    t.add(a);
    assertThat(t.takeChanged()).isEmpty();
    t.settled(a);
    assertThat(t.takeChanged()).contains(Checkpoint.afterRecord("1"));
    assertThat(t.takeChanged()).isEmpty();
    t.markChanged();
    assertThat(t.takeChanged()).contains(Checkpoint.afterRecord("1"));
  }

  @Test
  void aRecordSettledWithoutDeliveryLetsTheCheckpointPass() {
    ShardTracker t = new ShardTracker("shard-0", null);
    InboundMessage a = msg("1");
    t.add(a);
    t.addDone(msg("2"));
    assertThat(t.checkpoint()).isEmpty();
    t.settled(a);
    assertThat(t.checkpoint()).contains(Checkpoint.afterRecord("2"));
  }

  @Test
  void whatIsSettledBeyondTheCheckpointIsReportedAndSkippedByTheNextOwner() {
    ShardTracker first = new ShardTracker("shard-0", null);
    InboundMessage a = msg("1");
    InboundMessage b = msg("2");
    InboundMessage c = msg("3");
    first.add(a);
    first.add(b);
    first.add(c);
    first.settled(a);
    first.settled(c); // acknowledged ahead of b (another key)
    assertThat(first.checkpoint()).contains(Checkpoint.afterRecord("1"));
    assertThat(first.doneAhead()).containsExactly(DoneRange.of(Checkpoint.afterRecord("3")));

    ShardTracker next = new ShardTracker("shard-0", Checkpoint.afterRecord("1"),
        java.util.List.of(DoneRange.of(Checkpoint.afterRecord("3")), DoneRange.of(Checkpoint.afterRecord("1"))));
    InboundMessage b2 = msg("2");
    InboundMessage c2 = msg("3");
    next.add(b2);
    next.add(c2);
    assertThat(c2.isSettled()).as("skipped: acknowledged under the previous owner").isTrue();
    assertThat(next.inFlightCount()).isEqualTo(1);
    assertThat(next.settled(b2)).isTrue();
    assertThat(next.checkpoint()).contains(Checkpoint.afterRecord("3"));
    Dispatcher d = new Dispatcher();
    d.offer(c2);
    assertThat(d.readyCount()).as("the dispatcher never delivers a settled message").isZero();
  }

  @Test
  void anAbandonedTrackerNeverMovesItsCheckpointAgain() {
    ShardTracker t = new ShardTracker("shard-0", null);
    InboundMessage a = msg("1");
    InboundMessage b = msg("2");
    t.add(a);
    t.settled(a);
    t.takeChanged();
    t.add(b);
    t.abandon();
    assertThat(b.isAbandoned()).isTrue();
    assertThat(t.settled(b)).isFalse();
    InboundMessage late = msg("3");
    t.add(late); // from a read step still running when the lease was lost
    assertThat(late.isAbandoned()).isTrue();
    t.markClosed();
    t.markChanged();
    assertThat(t.takeChanged()).isEmpty();
    assertThat(t.checkpoint()).contains(Checkpoint.afterRecord("1"));
    Dispatcher d = new Dispatcher();
    d.offer(late);
    d.giveBack(b);
    assertThat(d.readyCount()).isZero();
  }
}
