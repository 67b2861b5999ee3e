package dev.mq.inmemory.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.Envelope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InFlightMessagesTest {

  private static StoredMessage message() {
    return new StoredMessage(Envelope.of("x"), null);
  }

  @Test
  void behavesLikeAMapUnderRandomOutOfOrderUse() {
    InFlightMessages map = new InFlightMessages();
    Map<Long, StoredMessage> reference = new HashMap<>();
    Random random = new Random(42);
    List<Long> live = new ArrayList<>();
    long next = 1;
    for (int step = 0; step < 200_000; step++) {
      if (live.isEmpty() || random.nextInt(100) < 52) {
        StoredMessage m = message();
        map.put(next, m);
        reference.put(next, m);
        live.add(next);
        next++;
      } else if (random.nextInt(4) == 0) {
        assertThat(map.remove(next + 5)).isNull(); // never issued
      } else {
        int index = random.nextInt(live.size());
        long victim = live.get(index);
        live.set(index, live.get(live.size() - 1));
        live.remove(live.size() - 1);
        assertThat(map.remove(victim)).isSameAs(reference.remove(victim));
      }
      if (step % 9973 == 0) {
        assertThat(map.size()).isEqualTo(reference.size());
        assertThat(map.consistent()).isTrue();
        for (Map.Entry<Long, StoredMessage> e : reference.entrySet()) {
          assertThat(map.get(e.getKey())).isSameAs(e.getValue());
        }
      }
    }
  }

  @Test
  void growsAndShrinks() {
    InFlightMessages map = new InFlightMessages();
    for (long i = 1; i <= 10_000; i++) {
      map.put(i, message());
    }
    assertThat(map.capacity()).isGreaterThanOrEqualTo(20_000);
    for (long i = 1; i <= 10_000; i++) {
      assertThat(map.remove(i)).isNotNull();
    }
    assertThat(map.size()).isZero();
    assertThat(map.capacity()).isLessThanOrEqualTo(InFlightMessages.SHRINK_FLOOR);
    assertThat(map.get(5)).isNull();
    assertThat(map.remove(5)).isNull();
  }

  /** A batching subscription takes a batch, then settles it: the table must not resize each time. */
  @Test
  void batchCyclesDoNotResizeTheTable() {
    InFlightMessages map = new InFlightMessages();
    long sequence = 0;
    int capacity = -1;
    for (int cycle = 0; cycle < 10; cycle++) {
      long first = sequence + 1;
      for (int i = 0; i < 48; i++) {
        map.put(++sequence, message());
      }
      if (capacity < 0) {
        capacity = map.capacity();
      }
      assertThat(map.capacity()).as("capacity with 48 in flight, cycle %d", cycle).isEqualTo(capacity);
      for (long s = first; s <= sequence; s++) {
        map.remove(s);
      }
      assertThat(map.capacity()).as("capacity after settling, cycle %d", cycle).isEqualTo(capacity);
    }
  }

  @Test
  void forEachVisitsEveryMessageAndClearEmpties() {
    InFlightMessages map = new InFlightMessages();
    List<StoredMessage> added = new ArrayList<>();
    for (long i = 1; i <= 50; i++) {
      StoredMessage m = message();
      added.add(m);
      map.put(i * 1_000_003L, m);
    }
    List<StoredMessage> seen = new ArrayList<>();
    map.forEach(seen::add);
    assertThat(seen).containsExactlyInAnyOrderElementsOf(added);
    map.clear();
    assertThat(map.size()).isZero();
    assertThat(map.get(1_000_003L)).isNull();
  }
}
