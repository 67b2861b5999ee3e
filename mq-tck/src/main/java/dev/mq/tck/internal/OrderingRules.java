package dev.mq.tck.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.Broker;
import dev.mq.Capability;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.Subscription;
import dev.mq.SubscriptionOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Rules 7.x: ordering by partition key (capability ORDERING_BY_KEY). */
public abstract class OrderingRules extends RuleTests {

  private static final int KEYS = 16;
  private static final int PER_KEY = 20;
  private static final int CONCURRENCY = 4;

  /**
   * The tests, for {@code fixture}.
   *
   * @param fixture the provider's hooks, from {@code MessageQueueTck}
   */
  protected OrderingRules(TckFixture fixture) {
    super(fixture);
  }

  @Test
  @DisplayName("7.1 messages of one key are delivered in push order (push)")
  void rule_7_1_sameKeyInPushOrder() {
    MessageQueue q = orderedQueue();
    for (int i = 0; i < 10; i++) {
      for (String key : List.of("a", "b", "c")) {
        q.push(keyed(key, key + ":" + i));
      }
    }
    assertPerKeyOrder(session.receiveAndAck(q, 30), 10);
  }

  @Test
  @DisplayName("7.1 messages of one key are delivered in list order (pushAll)")
  void rule_7_1_sameKeyInPushAllOrder() {
    MessageQueue q = orderedQueue();
    List<Envelope> batch = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      for (String key : List.of("a", "b", "c")) {
        batch.add(keyed(key, key + ":" + i));
      }
    }
    q.pushAll(batch);
    assertPerKeyOrder(session.receiveAndAck(q, 30), 10);
  }

  @Test
  @DisplayName("7.1 push order holds when the holder of a key's first message closes without acknowledging it")
  void rule_7_1_orderHoldsAfterHolderCloses() {
    Broker broker = session.connect();
    assumeCapability(broker, Capability.ORDERING_BY_KEY);
    String name = session.uniqueName();
    MessageQueue holder = broker.queue(name);
    holder.push(keyed("k", "k:0"));
    holder.push(keyed("k", "k:1"));
    assertThat(session.receive(holder).bodyAsString()).isEqualTo("k:0");
    holder.close();
    MessageQueue next = broker.queue(name);
    assertThat(session.receiveAndAck(next, 2)).extracting(Envelope::bodyAsString)
        .as("after the holder closed").containsExactly("k:0", "k:1");
  }

  @Test
  @DisplayName("7.2 a key is freed when its message is rejected without requeue or at the attempt limit")
  void rule_7_2_keyIsFreedByFinalReject() {
    Broker broker = session.connect(maxAttempts(2));
    assumeCapability(broker, Capability.ORDERING_BY_KEY);
    MessageQueue q = broker.queue(session.uniqueName());
    q.push(keyed("k", "k:0"));
    q.push(keyed("k", "k:1"));
    q.push(keyed("k", "k:2"));
    q.reject(session.receive(q), false, "tck: final");
    Envelope second = session.receive(q, "k:1 after k:0 was rejected without requeue (the key must be freed)");
    assertThat(second.bodyAsString()).as("after k:0 was rejected without requeue").isEqualTo("k:1");
    q.reject(second);
    Envelope again = session.receive(q);
    assertThat(again.bodyAsString()).isEqualTo("k:1");
    q.reject(again);
    Envelope third = session.receive(q);
    assertThat(third.bodyAsString()).as("after k:1 reached the attempt limit").isEqualTo("k:2");
    q.acknowledge(third);
  }

  @Test
  @DisplayName("7.2 the next message of a key is held back while the first is unacknowledged")
  void rule_7_2_nextMessageOfKeyIsHeldBack() {
    MessageQueue q = orderedQueue();
    q.push(keyed("k", "k:0"));
    q.push(keyed("k", "k:1"));
    Envelope first = session.receive(q);
    assertThat(first.bodyAsString()).isEqualTo("k:0");
    session.assertNothingDelivered(q, "k:1 waits while k:0 is unacknowledged");
    q.acknowledge(first);
    Envelope second = session.receive(q);
    assertThat(second.bodyAsString()).isEqualTo("k:1");
    q.acknowledge(second);
  }

  @Test
  @DisplayName("7.2 another queue instance of the group does not get the next message of a held key either")
  void rule_7_2_heldKeyIsHeldForOtherInstances() {
    Broker broker = session.connect();
    assumeCapability(broker, Capability.ORDERING_BY_KEY);
    String name = session.uniqueName();
    MessageQueue holder = broker.queue(name);
    MessageQueue other = broker.queue(name);
    holder.push(keyed("k", "k:0"));
    holder.push(keyed("k", "k:1"));
    Envelope first = session.receive(holder);
    assertThat(first.bodyAsString()).isEqualTo("k:0");
    session.assertNothingDelivered(other, "k:1 waits while k:0 is held by another instance");
    holder.acknowledge(first);
    assertThat(session.receive(other).bodyAsString()).isEqualTo("k:1");
  }

  @Test
  @DisplayName("7.3 a message rejected with requeue comes back before later messages of its key")
  void rule_7_3_rejectedMessageComesBackFirst() {
    MessageQueue q = orderedQueue();
    q.push(keyed("k", "k:0"));
    q.push(keyed("k", "k:1"));
    q.push(keyed("k", "k:2"));
    Envelope first = session.receive(q);
    assertThat(first.bodyAsString()).isEqualTo("k:0");
    q.reject(first);
    Envelope again = session.receive(q);
    assertThat(again.bodyAsString()).as("after the reject of k:0").isEqualTo("k:0");
    assertThat(again.deliveryAttempt()).isEqualTo(2);
    q.acknowledge(again);
    assertThat(session.receiveAndAck(q, 2)).extracting(Envelope::bodyAsString).containsExactly("k:1", "k:2");
  }

  @Test
  @DisplayName("7.4 a held key does not hold back messages of other keys")
  void rule_7_4_otherKeysAreNotHeldBack() {
    MessageQueue q = orderedQueue();
    q.push(keyed("slow", "slow:0"));
    q.push(keyed("slow", "slow:1"));
    Envelope held = session.receive(q);
    assertThat(held.bodyAsString()).isEqualTo("slow:0");
    List<String> others = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      q.push(keyed("fast-" + i, "fast-" + i + ":0"));
    }
    for (Envelope e : session.receiveAndAck(q, 3)) {
      others.add(e.bodyAsString());
    }
    assertThat(others).containsExactlyInAnyOrder("fast-0:0", "fast-1:0", "fast-2:0");
    q.acknowledge(held);
    assertThat(session.receive(q).bodyAsString()).isEqualTo("slow:1");
  }

  @Test
  @DisplayName("7.5 per-key order holds in a subscription at concurrency 4 across 16 keys, with rejects")
  void rule_7_5_orderAcrossManyKeysAtConcurrency() {
    Broker broker = session.connect(maxAttempts(5));
    assumeCapability(broker, Capability.ORDERING_BY_KEY);
    MessageQueue q = broker.queue(session.uniqueName());
    Map<String, List<String>> deliveries = new ConcurrentHashMap<>();
    Set<String> busyKeys = ConcurrentHashMap.newKeySet();
    AtomicInteger acknowledged = new AtomicInteger();
    Subscription sub = q.subscribe(e -> {
      String key = e.partitionKey().orElse("<none>");
      if (!busyKeys.add(key)) {
        session.failures().fail("two handlers ran at once for key " + key);
      }
      try {
        deliveries.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(e.bodyAsString());
        Thread.sleep(ThreadLocalRandom.current().nextInt(3));
        if (failsFirstTime(e)) {
          throw new IllegalStateException("tck: deliberate failure of " + e.bodyAsString());
        }
        acknowledged.incrementAndGet();
      } finally {
        busyKeys.remove(key);
      }
    }, SubscriptionOptions.builder().concurrency(CONCURRENCY).pollWait(session.timeouts().poll())
        .closeTimeout(session.timeouts().subscriptionClose()).build());
    List<Envelope> batch = new ArrayList<>();
    for (int i = 0; i < PER_KEY; i++) {
      for (int k = 0; k < KEYS; k++) {
        batch.add(keyed("key-" + k, "key-" + k + ":" + i));
      }
      if (batch.size() >= 40) {
        q.pushAll(batch);
        batch.clear();
      }
    }
    q.pushAll(batch);
    session.awaitCondition("all " + KEYS * PER_KEY + " messages were handled",
        () -> acknowledged.get() == KEYS * PER_KEY);
    sub.close();
    Map<String, List<String>> expected = new TreeMap<>();
    for (int k = 0; k < KEYS; k++) {
      List<String> one = new ArrayList<>();
      for (int i = 0; i < PER_KEY; i++) {
        String body = "key-" + k + ":" + i;
        one.add(body);
        if (i % 7 == 3) {
          one.add(body); // its deliberate failure brings it back before the next message of the key
        }
      }
      expected.put("key-" + k, one);
    }
    assertThat(new TreeMap<>(deliveries)).as("deliveries per key, in order (a key delivered out of push order, or twice)")
        .isEqualTo(expected);
  }

  private static boolean failsFirstTime(Envelope e) {
    String body = e.bodyAsString();
    int seq = Integer.parseInt(body.substring(body.indexOf(':') + 1));
    return seq % 7 == 3 && e.deliveryAttempt() == 1;
  }

  private MessageQueue orderedQueue() {
    Broker broker = session.connect();
    assumeCapability(broker, Capability.ORDERING_BY_KEY);
    return broker.queue(session.uniqueName());
  }

  /** Bodies are "key:seq"; per key, the sequence numbers must run 0..perKey-1 in order. */
  private static void assertPerKeyOrder(List<Envelope> delivered, int perKey) {
    Map<String, List<Integer>> byKey = new TreeMap<>();
    for (Envelope e : delivered) {
      String body = e.bodyAsString();
      String key = body.substring(0, body.indexOf(':'));
      assertThat(e.partitionKey()).as("partition key of %s", body).contains(key);
      byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(Integer.parseInt(body.substring(key.length() + 1)));
    }
    byKey.forEach((key, seqs) -> assertThat(seqs).as("delivery order of key %s", key).isSorted()
        .doesNotHaveDuplicates());
    byKey.forEach((key, seqs) -> assertThat(seqs).as("messages of key %s", key).hasSize(perKey));
  }
}
