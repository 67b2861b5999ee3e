package dev.mq.inmemory.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.Envelope;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsumerGroupTest {

  private final ConsumerGroup group = new ConsumerGroup("q", "g", 10_000);

  private StoredMessage push(String body, String key) {
    assertThat(group.tryReserve(1)).isTrue();
    StoredMessage m = new StoredMessage(Envelope.of(body), key);
    group.add(m);
    return m;
  }

  private StoredMessage take() {
    group.lock.lock();
    try {
      return group.take();
    } finally {
      group.lock.unlock();
    }
  }

  private void settle(StoredMessage m) {
    group.lock.lock();
    try {
      group.settle(m);
    } finally {
      group.lock.unlock();
    }
  }

  @Test
  void reservationsAreAllOrNothingAndSettlingFreesSpace() {
    ConsumerGroup small = new ConsumerGroup("q", "g", 3);
    assertThat(small.tryReserve(2)).isTrue();
    assertThat(small.tryReserve(2)).as("only one slot left").isFalse();
    assertThat(small.freeSlots()).isEqualTo(1);
    small.unreserve(2);
    assertThat(small.freeSlots()).isEqualTo(3);
    assertThat(small.tryReserve(4)).isFalse();
    assertThat(small.held()).isZero();
  }

  @Test
  void aKeysLaterMessagesWaitUntilTheEarlierOneIsSettled() {
    StoredMessage a1 = push("a1", "a");
    push("a2", "a");
    StoredMessage b1 = push("b1", "b");
    assertThat(take()).isSameAs(a1);
    assertThat(take()).isSameAs(b1);
    assertThat(take()).as("a2 waits behind a1").isNull();
    settle(a1);
    assertThat(take().envelope.bodyAsString()).isEqualTo("a2");
    assertThat(group.held()).isEqualTo(2);
  }

  @Test
  void idleLanesStayForReuseAndAreSweptWhenTheMapGrows() {
    // One message at a time for each of many distinct keys: every settle leaves an idle lane.
    int keys = 5 * ConsumerGroup.MIN_LANES_BEFORE_SWEEP;
    int maxLanes = 0;
    for (int i = 0; i < keys; i++) {
      push("m" + i, "key-" + i);
      StoredMessage m = take();
      assertThat(m.key).isEqualTo("key-" + i);
      settle(m);
      maxLanes = Math.max(maxLanes, group.laneCount());
    }
    assertThat(maxLanes).as("lanes never exceed the sweep bound").isLessThanOrEqualTo(
        ConsumerGroup.MIN_LANES_BEFORE_SWEEP);
    assertThat(group.laneCount()).isPositive(); // idle lanes are kept between sweeps
    assertThat(group.held()).isZero();
  }

  @Test
  void sweepingKeepsBusyLanesAndTheirWaitingMessages() {
    // Busy keys with a message waiting behind each, then enough idle keys to force a sweep.
    List<StoredMessage> heads = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      push("busy" + i + "-1", "busy-" + i);
      push("busy" + i + "-2", "busy-" + i);
    }
    for (int i = 0; i < 10; i++) {
      heads.add(take());
    }
    for (int i = 0; i < 2 * ConsumerGroup.MIN_LANES_BEFORE_SWEEP; i++) {
      push("idle" + i, "idle-" + i);
      settle(take());
    }
    for (StoredMessage head : heads) {
      settle(head);
    }
    List<String> seconds = new ArrayList<>();
    StoredMessage m;
    while ((m = take()) != null) {
      seconds.add(m.envelope.bodyAsString());
      settle(m);
    }
    assertThat(seconds).hasSize(10).allMatch(s -> s.endsWith("-2"));
    assertThat(group.held()).isZero();
  }

  @Test
  void aRequeuedMessageGoesBehindEverythingPushedBeforeIt() {
    StoredMessage first = push("first", null);
    assertThat(take()).isSameAs(first);
    push("second", null); // still in the intake when the first is requeued
    group.lock.lock();
    try {
      group.requeue(first);
    } finally {
      group.lock.unlock();
    }
    assertThat(take().envelope.bodyAsString()).isEqualTo("second");
    assertThat(take()).isSameAs(first);
  }
}
