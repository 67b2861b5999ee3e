package dev.mq.kinesis.internal.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.Envelope;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class DispatcherTest {

  private final Dispatcher d = new Dispatcher();
  private int seq;

  private InboundMessage msg(String key) {
    Envelope.Builder b = Envelope.builder().body("m" + seq);
    if (key != null) {
      b.partitionKey(key);
    }
    return new InboundMessage("s", Integer.toString(++seq), 0, true, b.build(), 1);
  }

  private Dispatcher.Taken take() throws InterruptedException {
    return d.take(0, TimeUnit.NANOSECONDS, () -> false);
  }

  @Test
  void oneMessageOfAKeyAtATimeInReadOrder() throws Exception {
    InboundMessage a1 = msg("a");
    InboundMessage a2 = msg("a");
    InboundMessage b1 = msg("b");
    d.offer(a1);
    d.offer(a2);
    d.offer(b1);
    assertThat(take().message()).isSameAs(a1);
    assertThat(take().message()).isSameAs(b1);
    assertThat(take()).as("a2 waits behind a1").isNull();
    d.settled(a1);
    assertThat(take().message()).isSameAs(a2);
  }

  @Test
  void aGivenBackMessageComesBeforeLaterMessagesOfItsKeyWithItsAttemptRaised() throws Exception {
    InboundMessage a1 = msg("a");
    InboundMessage a2 = msg("a");
    d.offer(a1);
    d.offer(a2);
    assertThat(take().attempt()).isEqualTo(1);
    d.giveBack(a1);
    Dispatcher.Taken again = take();
    assertThat(again.message()).isSameAs(a1);
    assertThat(again.attempt()).isEqualTo(2);
    d.settled(a1);
    assertThat(take().message()).isSameAs(a2);
  }

  @Test
  void messagesWithoutKeyAreFree() throws Exception {
    InboundMessage x = msg(null);
    InboundMessage y = msg(null);
    d.offer(x);
    d.offer(y);
    assertThat(take().message()).isSameAs(x);
    assertThat(take().message()).isSameAs(y);
  }

  @Test
  void settlingTheLastMessageOfAKeyFreesTheKey() throws Exception {
    InboundMessage a1 = msg("a");
    d.offer(a1);
    take();
    d.settled(a1);
    InboundMessage a2 = msg("a");
    d.offer(a2);
    assertThat(take().message()).isSameAs(a2);
  }

  @Test
  void aCancelledOrClosedTakeReturnsNull() throws Exception {
    AtomicBoolean cancelled = new AtomicBoolean(true);
    assertThat(d.take(1, TimeUnit.HOURS, cancelled::get)).isNull();
    d.close();
    assertThat(d.take(1, TimeUnit.HOURS, () -> false)).isNull();
  }

  @Test
  void aWaitingTakeGetsAMessageOfferedLater() throws Exception {
    InboundMessage m = msg(null);
    Thread t = new Thread(() -> {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      d.offer(m);
    });
    t.start();
    assertThat(d.take(1, TimeUnit.MINUTES, () -> false).message()).isSameAs(m);
    t.join();
  }

  @Test
  void droppingAShardRemovesItsUndeliveredMessagesAndFreesOnlyItsKeys() throws Exception {
    InboundMessage a1 = new InboundMessage("lost", "1", 0, true, Envelope.builder().body("a1").partitionKey("a").build(), 1);
    InboundMessage a2 = new InboundMessage("lost", "2", 0, true, Envelope.builder().body("a2").partitionKey("a").build(), 1);
    InboundMessage free = new InboundMessage("lost", "3", 0, true, Envelope.of("free"), 1);
    InboundMessage b1 = new InboundMessage("kept", "1", 0, true, Envelope.builder().body("b1").partitionKey("b").build(), 1);
    InboundMessage b2 = new InboundMessage("kept", "2", 0, true, Envelope.builder().body("b2").partitionKey("b").build(), 1);
    d.offer(a1);
    d.offer(a2);
    d.offer(free);
    d.offer(b1);
    d.offer(b2);
    assertThat(take().message()).isSameAs(a1); // in flight
    assertThat(take().message()).isSameAs(free); // in flight, no key
    assertThat(take().message()).isSameAs(b1); // in flight, b2 waits behind it
    assertThat(d.dropShard("lost")).containsExactly(a2);
    assertThat(take()).as("b2 still waits behind b1").isNull();
    d.settled(b1);
    assertThat(take().message()).isSameAs(b2);
    // a message of key a from a new owner generation is ready at once: the lost key is free
    InboundMessage a3 = new InboundMessage("lost", "4", 0, true, Envelope.builder().body("a3").partitionKey("a").build(), 1);
    d.offer(a3);
    assertThat(take().message()).isSameAs(a3);
  }

  @Test
  void messagesOfAShardThatMayNoLongerBeDeliveredAreDroppedAsAbandoned() throws Exception {
    java.util.concurrent.atomic.AtomicBoolean held = new java.util.concurrent.atomic.AtomicBoolean(true);
    Dispatcher gated = new Dispatcher(shardId -> held.get());
    InboundMessage a = msg("a");
    InboundMessage b = msg(null);
    gated.offer(a);
    gated.offer(b);
    // the lease passes its hold time before the engine hears of the loss
    held.set(false);
    assertThat(gated.take(0, TimeUnit.NANOSECONDS, () -> false))
        .as("nothing of a shard past its hold time is delivered").isNull();
    assertThat(a.isAbandoned()).isTrue();
    assertThat(b.isAbandoned()).isTrue();
  }

  @Test
  void aRetryWaitsForItsDelayWithItsKeyHeldWhileOtherKeysFlow() throws Exception {
    InboundMessage a1 = msg("a");
    InboundMessage a2 = msg("a");
    InboundMessage b1 = msg("b");
    d.offer(a1);
    d.offer(a2);
    assertThat(take().message()).isSameAs(a1);
    d.requeue(a1, TimeUnit.MINUTES.toNanos(10));
    d.offer(b1);
    assertThat(take().message()).as("another key flows").isSameAs(b1);
    assertThat(take()).as("a1 waits for its delay, a2 behind it").isNull();
    InboundMessage c1 = msg("c");
    d.offer(c1);
    d.requeue(take().message(), 1);
    Dispatcher.Taken again = d.take(1, TimeUnit.MINUTES, () -> false);
    assertThat(again.message()).as("a due retry comes back").isSameAs(c1);
    assertThat(again.attempt()).isEqualTo(2);
  }
}
