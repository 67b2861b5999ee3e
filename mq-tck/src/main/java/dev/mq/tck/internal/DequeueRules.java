package dev.mq.tck.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.mq.Broker;
import dev.mq.Capability;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Rules 3.x: dequeue, at-least-once delivery and isolation. Over 350 lines because it holds every
 * rule test of SPEC area 3, one method each, which {@code MessageQueueTck.Dequeue} runs as one
 * group; the shared load machinery is {@code Load}'s.
 */
public abstract class DequeueRules extends RuleTests {

  private static final int PRODUCERS = 4;
  private static final int CONSUMERS = 4;
  private static final int PER_PRODUCER = 50;
  private static final int LOAD_PRODUCERS = 10;
  private static final int LOAD_CONSUMERS = 10;
  private static final int ISOLATED_QUEUES = 20;
  private static final int PER_ISOLATED_QUEUE = 50;
  private static final int CHURN_PRODUCERS = 4;
  private static final int CHURN_MESSAGES = 1_000;
  private static final int CHURNERS = 4;
  private static final int CHURN_ROUNDS = 8;
  private static final int CHURN_TAKE = 20;
  private static final int RESTART_SEGMENTS = 3;
  private static final int RESTART_PRODUCERS = 2;
  private static final int RESTART_CONSUMERS = 2;
  private static final int RESTART_BATCH = 50;

  /**
   * The tests, for {@code fixture}.
   *
   * @param fixture the provider's hooks, from {@code MessageQueueTck}
   */
  protected DequeueRules(TckFixture fixture) {
    super(fixture);
  }

  @Test
  @DisplayName("3.1 dequeue() on an empty queue returns empty without error")
  void rule_3_1_dequeueOnEmptyQueueReturnsEmpty() throws Exception {
    MessageQueue q = session.connect().queue(session.uniqueName());
    Optional<Envelope> got = session.withinAwait("dequeue() on an empty queue", q::dequeue);
    assertThat(got).isEmpty();
  }

  @Test
  @DisplayName("3.2 dequeue with a negative wait is IllegalArgumentException")
  void rule_3_2_negativeWaitIsIllegalArgument() {
    MessageQueue q = session.connect().queue(session.uniqueName());
    assertThatCode(() -> q.dequeue(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
    q.push(message("after-negative-wait"));
    assertThat(session.receive(q).bodyAsString()).isEqualTo("after-negative-wait");
  }

  @Test
  @DisplayName("3.2 dequeue(maxWait) on an empty queue returns empty after waiting")
  void rule_3_2_dequeueWithWaitOnEmptyQueueReturnsEmpty() throws Exception {
    MessageQueue q = session.connect().queue(session.uniqueName());
    Duration wait = session.timeouts().quiet();
    assertThat(session.withinAwait("dequeue(" + wait + ") on an empty queue", () -> q.dequeue(wait))).isEmpty();
    assertThat(session.withinAwait("dequeue(0) on an empty queue", () -> q.dequeue(Duration.ZERO))).isEmpty();
  }

  @Test
  @DisplayName("3.2 a long poll returns a message pushed while it waits, without waiting out maxWait")
  void rule_3_2_longPollReturnsMessagePushedDuringWait() throws Exception {
    Broker broker = session.connect();
    String name = session.uniqueName();
    MessageQueue consumer = broker.queue(name);
    MessageQueue producer = broker.queue(name);
    CountDownLatch polling = new CountDownLatch(1);
    // maxWait far beyond the await bound: a provider that waits it out fails the join below
    Future<Optional<Envelope>> poll = session.fork(() -> {
      polling.countDown();
      return consumer.dequeue(Duration.ofHours(1));
    });
    assertThat(polling.await(session.timeouts().await().toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    TckSession.sleep(session.timeouts().quiet()); // let the poll start waiting
    producer.push(message("during-long-poll"));
    Optional<Envelope> got = session.join("dequeue(1 h) after a push", poll);
    assertThat(got).as("the long poll's result").isPresent();
    assertThat(got.get().bodyAsString()).isEqualTo("during-long-poll");
  }

  @Test
  @DisplayName("3.2 a huge maxWait is accepted and returns an available message")
  void rule_3_2_hugeWaitIsAccepted() throws Exception {
    MessageQueue q = session.connect().queue(session.uniqueName());
    q.push(message("huge-wait"));
    Duration forever = Duration.ofSeconds(Long.MAX_VALUE); // legal, and overflows toNanos() and toMillis()
    Optional<Envelope> got = session.withinAwait("dequeue(" + forever + ")", () -> q.dequeue(forever));
    assertThat(got).as("dequeue with a huge wait").isPresent();
    assertThat(got.get().bodyAsString()).isEqualTo("huge-wait");
  }

  @Test
  @DisplayName("3.3 unacknowledged messages come back after their queue instance is closed")
  void rule_3_3_unacknowledgedMessagesComeBackAfterClose() {
    Broker broker = session.connect();
    String name = session.uniqueName();
    MessageQueue first = broker.queue(name);
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Envelope e = message("unacked-" + i);
      sent.add(e.messageId());
      first.push(e);
    }
    session.receive(first, 3);
    first.close();
    MessageQueue second = broker.queue(name);
    List<Envelope> again = session.receive(second, 3, "the messages a closed instance left unacknowledged");
    assertThat(again).extracting(Envelope::messageId).containsExactlyInAnyOrderElementsOf(sent);
    again.forEach(second::acknowledge);
    session.assertNothingDelivered(second, "every message was acknowledged");
  }

  @Test
  @DisplayName("3.3 a closed instance's unacknowledged message goes to an instance already waiting for one")
  void rule_3_3_unacknowledgedMessageGoesToWaitingInstance() throws Exception {
    Broker broker = session.connect();
    String name = session.uniqueName();
    MessageQueue holder = broker.queue(name);
    MessageQueue waiting = broker.queue(name);
    holder.push(message("handed-over"));
    Envelope held = session.receive(holder);
    CountDownLatch polling = new CountDownLatch(1);
    Future<Optional<Envelope>> poll = session.fork(() -> {
      polling.countDown();
      return waiting.dequeue(session.timeouts().await());
    });
    assertThat(polling.await(session.timeouts().await().toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    holder.close();
    Optional<Envelope> got = session.join("the waiting instance's dequeue", poll,
        session.timeouts().await().multipliedBy(2)); // its own wait of one await timeout decides
    if (got.isEmpty()) {
      got = session.pollQuietly(waiting); // a broker may hand it over just after that wait ended
    }
    assertThat(got).as("the message given back by close").isPresent();
    assertThat(got.get().messageId()).isEqualTo(held.messageId());
    waiting.acknowledge(got.get());
  }

  @Test
  @DisplayName("3.3 messages pushed before any consumer opened are delivered")
  void rule_3_3_messagesPushedBeforeConsumerAreDelivered() {
    Broker broker = session.connect();
    String name = session.uniqueName();
    MessageQueue producer = broker.queue(name);
    producer.push(message("early"));
    producer.close();
    MessageQueue consumer = broker.queue(name);
    assertThat(session.receive(consumer).bodyAsString()).isEqualTo("early");
  }

  @Test
  @DisplayName("3.4 a message held by one queue instance is not delivered to another of the group")
  void rule_3_4_heldMessageIsNotDeliveredToAnotherInstance() {
    Broker broker = session.connect();
    String name = session.uniqueName();
    MessageQueue holder = broker.queue(name);
    MessageQueue other = broker.queue(name);
    holder.push(message("held"));
    Envelope held = session.receive(holder);
    session.assertNothingDelivered(other, "the only message is held by another instance");
    holder.acknowledge(held);
    session.assertNothingDelivered(other, "the only message was acknowledged");
  }

  @Test
  @DisplayName("3.5 a first delivery carries message id, properties, body, key and attempt 1")
  void rule_3_5_firstDeliveryCarriesEverything() {
    MessageQueue q = session.connect().queue(session.uniqueName());
    Envelope sent = Envelope.builder().body("complete").messageId("tck-3-5").partitionKey("k")
        .property("a", "1").property("b", "2").build();
    q.push(sent);
    Envelope got = session.receive(q);
    assertThat(got.messageId()).isEqualTo("tck-3-5");
    assertThat(got.bodyAsString()).isEqualTo("complete");
    assertThat(got.properties()).as("delivered properties").containsExactlyInAnyOrderEntriesOf(sent.properties());
    assertThat(got.partitionKey()).contains("k");
    assertThat(got.deliveryAttempt()).isEqualTo(1);
    assertThat(got.deliveryTag()).as("delivery tag of a delivered envelope").isPresent();
  }

  @Test
  @DisplayName("3.6 many producers and consumers at once lose nothing and deliver nothing twice")
  void rule_3_6_concurrentProducersAndConsumersLoseNothing() throws Exception {
    Broker broker = session.connect();
    String name = session.uniqueName();
    boolean competing = broker.capabilities().contains(Capability.COMPETING_CONSUMERS);
    List<MessageQueue> consumers = new ArrayList<>();
    MessageQueue shared = broker.queue(name);
    for (int c = 0; c < CONSUMERS; c++) {
      consumers.add(competing ? broker.queue(name) : shared);
    }
    int total = PRODUCERS * PER_PRODUCER;
    Set<String> inFlight = ConcurrentHashMap.newKeySet();
    Set<String> seen = ConcurrentHashMap.newKeySet();
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> work = new ArrayList<>();
    for (int p = 0; p < PRODUCERS; p++) {
      int producer = p;
      work.add(session.forkGuarded("producer " + p, () -> {
        MessageQueue q = broker.queue(name);
        start.await();
        for (int i = 0; i < PER_PRODUCER; i++) {
          q.push(Envelope.builder().body("m").messageId("p" + producer + "-" + i).build());
        }
      }));
    }
    long deadline = System.nanoTime() + session.timeouts().await().toNanos() * 2;
    for (MessageQueue consumer : consumers) {
      work.add(session.forkGuarded("consumer", () -> {
        start.await();
        while (seen.size() < total && System.nanoTime() - deadline < 0 && session.failures().isEmpty()) {
          Optional<Envelope> got = consumer.dequeue(session.timeouts().poll());
          if (got.isEmpty()) {
            continue;
          }
          String id = got.get().messageId();
          if (!inFlight.add(id)) {
            session.failures().fail("message " + id + " was delivered to two consumers at once (delivered twice)");
          }
          if (!seen.add(id)) {
            session.failures().fail("message " + id + " was delivered again after it was acknowledged (delivered twice)");
          }
          inFlight.remove(id);
          consumer.acknowledge(got.get());
        }
      }));
    }
    start.countDown();
    for (Future<?> f : work) {
      session.join("producer or consumer", f);
    }
    session.failures().assertNone();
    Set<String> expected = new HashSet<>();
    for (int p = 0; p < PRODUCERS; p++) {
      for (int i = 0; i < PER_PRODUCER; i++) {
        expected.add("p" + p + "-" + i);
      }
    }
    assertThat(seen).as("messages consumed").hasSize(total).containsExactlyInAnyOrderElementsOf(expected);
    session.assertNothingDelivered(shared, "every message was acknowledged once; another delivery is a message delivered twice");
  }

  @Test
  @DisplayName("3.7 two queues are isolated")
  void rule_3_7_queuesAreIsolated() {
    Broker broker = session.connect();
    MessageQueue a = broker.queue(session.uniqueName());
    MessageQueue b = broker.queue(session.uniqueName());
    for (int i = 0; i < 3; i++) {
      a.push(message("a-" + i));
      b.push(message("b-" + i));
    }
    assertThat(session.receiveAndAck(a, 3)).extracting(Envelope::bodyAsString)
        .as("bodies received from queue a (a message of queue b is not isolated)").allMatch(s -> s.startsWith("a-"));
    assertThat(session.receiveAndAck(b, 3)).extracting(Envelope::bodyAsString)
        .as("bodies received from queue b (a message of queue a is not isolated)").allMatch(s -> s.startsWith("b-"));
    session.assertNothingDelivered(a, "queue a got its own three messages only");
    session.assertNothingDelivered(b, "queue b got its own three messages only");
  }

  @Test
  @DisplayName("3.8 unacknowledged messages are delivered after broker and client restart (DURABLE)")
  void rule_3_8_messagesSurviveRestart() throws Exception {
    Broker broker = session.connect();
    assumeCapability(broker, Capability.DURABLE);
    String name = session.uniqueName();
    MessageQueue q = broker.queue(name);
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Envelope e = message("durable-" + i);
      sent.add(e.messageId());
      q.push(e);
    }
    session.receive(q, 1); // one in flight, unacknowledged, when the client goes away
    broker.close();
    session.restartBroker();
    MessageQueue after = session.connect().queue(name);
    List<Envelope> got = session.receive(after, 3, "the unacknowledged messages after the restart");
    assertThat(got).extracting(Envelope::messageId).containsExactlyInAnyOrderElementsOf(sent);
  }

  @Test
  @DisplayName("3.9 queue instances of one group share the messages, each to one (COMPETING_CONSUMERS)")
  void rule_3_9_competingInstancesShareMessages() {
    Broker broker = session.connect();
    assumeCapability(broker, Capability.COMPETING_CONSUMERS);
    String name = session.uniqueName();
    assertInstancesShare(broker.queue(name), broker.queue(name));
  }

  @Test
  @DisplayName("3.10 instances on different connections share the messages: each to one, all of them served (DISTRIBUTED_COMPETING_CONSUMERS)")
  void rule_3_10_instancesOfDifferentConnectionsShareMessages() {
    Broker first = session.connect();
    assumeCapability(first, Capability.DISTRIBUTED_COMPETING_CONSUMERS);
    String name = session.uniqueName();
    List<MessageQueue> instances = List.of(first.queue(name), session.connect().queue(name));
    // A provider may hand out messages in units (Kinesis: shards, balanced between connections
    // over time), so keep pushing messages of distinct keys until every connection got some.
    Set<String> pushed = new HashSet<>();
    List<String> received = new ArrayList<>();
    Set<MessageQueue> served = new HashSet<>();
    int maxMessages = 400;
    long deadline = System.nanoTime() + session.timeouts().await().multipliedBy(3).toNanos();
    while (served.size() < instances.size() || !new HashSet<>(received).containsAll(pushed)) {
      assertThat(System.nanoTime() - deadline)
          .as("every connection is served and every message received in time; received %d of %d, "
              + "connections served %d of %d", received.size(), pushed.size(), served.size(), instances.size())
          .isNegative();
      if (new HashSet<>(received).containsAll(pushed) && pushed.size() < maxMessages) {
        for (int i = 0; i < 10; i++) {
          Envelope e = keyed("k-" + pushed.size(), "shared-" + pushed.size());
          pushed.add(e.messageId());
          instances.get(0).push(e);
        }
      }
      for (MessageQueue q : instances) {
        q.dequeue(session.timeouts().poll()).ifPresent(e -> {
          received.add(e.messageId());
          served.add(q);
          q.acknowledge(e);
        });
      }
    }
    assertThat(received).as("messages received by both connections, each acknowledged at once")
        .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(pushed);
  }

  @Test
  @DisplayName("3.6 ten producers and ten consumers move thousands of messages: nothing lost, nothing delivered twice")
  void rule_3_6_volumeThroughTenProducersAndTenConsumers() throws Exception {
    Broker broker = session.connect();
    String name = session.uniqueName();
    boolean competing = broker.capabilities().contains(Capability.COMPETING_CONSUMERS);
    int total = session.volumeMessages();
    LoadBooks books = new LoadBooks(name);
    Load load = new Load(session);
    MessageQueue shared = broker.queue(name);
    AtomicBoolean stop = new AtomicBoolean();
    List<Future<?>> consumers = new ArrayList<>();
    List<Subscription> subscriptions = new ArrayList<>();
    // half dequeue, half subscribe; one instance for all without COMPETING_CONSUMERS (as 3.6 above)
    for (int c = 0; c < LOAD_CONSUMERS; c++) {
      MessageQueue q = competing ? broker.queue(name) : shared;
      if (c % 2 == 0) {
        consumers.add(load.consume("consumer " + c, q, c, books, stop::get, false));
      } else {
        subscriptions.add(load.subscribe(q, c, books, 2));
      }
    }
    List<Future<?>> producers = new ArrayList<>();
    for (int p = 0; p < LOAD_PRODUCERS; p++) {
      List<String> ids = Load.ids(name + "-p" + p, total / LOAD_PRODUCERS + (p < total % LOAD_PRODUCERS ? 1 : 0));
      // even producers push one by one, odd ones in batches
      producers.add(load.produce("producer " + p, broker.queue(name), books, ids, p % 2 == 0 ? 1 : 25, true));
    }
    load.awaitAllAcknowledged("every message of " + total + " was consumed", books,
        () -> producers.stream().allMatch(Future::isDone));
    stop.set(true);
    subscriptions.forEach(Subscription::close);
    for (Future<?> f : consumers) {
      session.join("consumer", f);
    }
    session.failures().assertNone();
    System.out.printf("rule 3.6 volume on %s: %s%n", broker.provider(), books.counts());
    assertThat(books.violations()).as("forbidden deliveries; %s", books.counts()).isEqualTo("none");
    assertThat(books.counts().lost()).as("messages lost; %s", books.counts()).isZero();
    assertThat(books.counts().sent()).as("messages sent").isEqualTo(total);
    session.assertNothingDelivered(shared, "every message was acknowledged once (delivered twice)");
  }

  @Test
  @DisplayName("3.7 twenty queues at once, each with its producer and consumer, are isolated")
  void rule_3_7_twentyQueuesAtOnceAreIsolated() throws Exception {
    Broker broker = session.connect();
    List<MessageQueue> queues = new ArrayList<>();
    List<LoadBooks> books = new ArrayList<>();
    List<Future<MessageQueue>> opening = new ArrayList<>(); // at once: a broker may take a while per queue
    for (int i = 0; i < ISOLATED_QUEUES; i++) {
      String name = session.uniqueName();
      opening.add(session.fork(() -> broker.queue(name)));
      books.add(new LoadBooks(name));
    }
    for (Future<MessageQueue> f : opening) {
      queues.add(session.join("opening a queue", f));
    }
    Load load = new Load(session);
    AtomicBoolean stop = new AtomicBoolean();
    List<Future<?>> producers = new ArrayList<>();
    List<Future<?>> consumers = new ArrayList<>();
    for (int i = 0; i < ISOLATED_QUEUES; i++) {
      MessageQueue q = queues.get(i);
      consumers.add(load.consume("consumer of queue " + i, q, i, books.get(i), stop::get, false));
      producers.add(load.produce("producer of queue " + i, q, books.get(i), Load.ids(q.name(), PER_ISOLATED_QUEUE),
          i % 2 == 0 ? 1 : 10, true));
    }
    load.awaitAllAcknowledged("every queue delivered its messages", books,
        () -> producers.stream().allMatch(Future::isDone));
    stop.set(true);
    for (Future<?> f : consumers) {
      session.join("consumer", f);
    }
    session.failures().assertNone();
    for (int i = 0; i < ISOLATED_QUEUES; i++) {
      LoadBooks b = books.get(i);
      assertThat(b.violations()).as("forbidden deliveries of queue %d; %s", i, b.counts()).isEqualTo("none");
    }
    for (int i = 0; i < ISOLATED_QUEUES; i++) {
      LoadBooks b = books.get(i);
      assertThat(b.counts().lost()).as("messages of queue %d lost; %s", i, b.counts()).isZero();
    }
    List<Future<?>> quietChecks = new ArrayList<>(); // one quiet period for all twenty
    for (MessageQueue q : queues) {
      quietChecks.add(session.fork(() -> {
        session.assertNothingDelivered(q, "its own messages were all acknowledged; a message of another queue leaked in");
        return null;
      }));
    }
    for (Future<?> f : quietChecks) {
      session.join("quiet check", f);
    }
  }

  @Test
  @DisplayName("3.3 instances opened and closed concurrently while messages flow, some holding unacknowledged messages: the queue still delivers everything")
  void rule_3_3_churningInstancesLoseNothing() throws Exception {
    Broker broker = session.connect();
    String name = session.uniqueName();
    boolean competing = broker.capabilities().contains(Capability.COMPETING_CONSUMERS);
    int churners = competing ? CHURNERS : 1;
    LoadBooks books = new LoadBooks(name);
    Load load = new Load(session);
    List<Future<?>> producers = new ArrayList<>();
    for (int p = 0; p < CHURN_PRODUCERS; p++) {
      producers.add(load.produce("producer " + p, broker.queue(name), books,
          Load.ids(name + "-p" + p, CHURN_MESSAGES / CHURN_PRODUCERS), p % 2 == 0 ? 1 : 10, true));
    }
    AtomicInteger holders = new AtomicInteger();
    CyclicBarrier closeTogether = new CyclicBarrier(churners);
    List<Future<?>> churn = new ArrayList<>();
    for (int c = 0; c < churners; c++) {
      churn.add(session.forkGuarded("churner " + c, () -> {
        for (int round = 0; round < CHURN_ROUNDS && session.failures().isEmpty(); round++) {
          int holder = holders.incrementAndGet();
          MessageQueue q = broker.queue(name);
          List<Envelope> got = takeSome(q, CHURN_TAKE);
          for (int i = 0; i < got.size(); i++) {
            books.delivered(got.get(i).messageId(), holder);
            if (i % 4 != 3) { // every fourth stays unacknowledged
              q.acknowledge(got.get(i));
              books.acknowledged(got.get(i).messageId(), holder);
            }
          }
          closeTogether.await(session.timeouts().await().toNanos(), TimeUnit.NANOSECONDS);
          books.releasing(holder);
          q.close(); // the churners close at once, each holding unacknowledged messages
        }
      }));
    }
    for (Future<?> f : churn) {
      session.join("churner", f);
    }
    int released = books.releasedUnacked();
    MessageQueue last = broker.queue(name);
    AtomicBoolean drained = new AtomicBoolean();
    Future<?> drain = load.consume("drain", last, 0, books, drained::get, false);
    load.awaitAllAcknowledged("every message was consumed after the churn", books,
        () -> producers.stream().allMatch(Future::isDone));
    drained.set(true);
    session.join("drain", drain);
    session.failures().assertNone();
    System.out.printf("rule 3.3 churn on %s: %s, unacknowledged at close=%d%n", broker.provider(), books.counts(), released);
    assertThat(books.violations()).as("forbidden deliveries; %s", books.counts()).isEqualTo("none");
    assertThat(books.counts().lost()).as("messages lost after closing instances that held them; %s", books.counts())
        .isZero();
    assertThat(released).as("unacknowledged messages held by closed instances (the churn must close some)").isPositive();
    session.assertNothingDelivered(last, "every message was acknowledged (delivered twice)");
  }

  @Test
  @DisplayName("3.8 two broker restarts while thousands of messages are pushed and consumed: nothing accepted is lost, nothing acknowledged comes back (4.5) (DURABLE)")
  void rule_3_8_restartsUnderLoadLoseNothing() throws Exception {
    Broker broker = session.connect();
    assumeCapability(broker, Capability.DURABLE);
    String provider = broker.provider();
    String name = session.uniqueName();
    boolean competing = broker.capabilities().contains(Capability.COMPETING_CONSUMERS);
    int total = session.restartLoadMessages();
    LoadBooks books = new LoadBooks(name);
    Load load = new Load(session);
    int holder = 0;
    List<String> segmentSeconds = new ArrayList<>(); // for the report line: where a slow broker spends its time
    for (int segment = 0; segment < RESTART_SEGMENTS; segment++) {
      long segmentStart = System.nanoTime();
      if (segment > 0) {
        broker = session.connect();
      }
      boolean last = segment == RESTART_SEGMENTS - 1;
      AtomicBoolean stop = new AtomicBoolean();
      List<Future<?>> consumers = new ArrayList<>();
      List<Integer> segmentHolders = new ArrayList<>();
      MessageQueue first = broker.queue(name);
      for (int c = 0; c < (competing ? RESTART_CONSUMERS : 1); c++) {
        MessageQueue q = c == 0 ? first : broker.queue(name);
        segmentHolders.add(++holder);
        consumers.add(load.consume("consumer " + c + " of segment " + segment, q, holder, books, stop::get, !last));
      }
      int share = total / RESTART_SEGMENTS / RESTART_PRODUCERS;
      List<MessageQueue> producerQueues = new ArrayList<>();
      List<List<String>> ids = new ArrayList<>();
      for (int p = 0; p < RESTART_PRODUCERS; p++) {
        producerQueues.add(broker.queue(name));
        int count = last && p == 0 ? total - share * (RESTART_SEGMENTS * RESTART_PRODUCERS - 1) : share;
        ids.add(Load.ids(name + "-s" + segment + "p" + p, count));
      }
      if (last) {
        List<Future<?>> producers = new ArrayList<>();
        for (int p = 0; p < RESTART_PRODUCERS; p++) {
          producers.add(load.produce("producer " + p + " of segment " + segment, producerQueues.get(p), books,
              ids.get(p), RESTART_BATCH, false));
        }
        load.awaitAllAcknowledged("every accepted message was consumed after two restarts", books,
            () -> producers.stream().allMatch(Future::isDone));
        stop.set(true);
        load.awaitProducers("the producers finished", books, producers);
        joinAll("consumer", consumers);
      } else {
        // the first half of the segment is pushed while consumers take half of it; then they
        // stop, each keeping its last message unacknowledged, and the second half is pushed:
        // unconsumed and unacknowledged messages wait across the restart
        int before = books.acknowledgedCount();
        List<Future<?>> firstHalf = new ArrayList<>();
        for (int p = 0; p < RESTART_PRODUCERS; p++) {
          List<String> mine = ids.get(p);
          firstHalf.add(load.produce("producer " + p + " of segment " + segment, producerQueues.get(p), books,
              mine.subList(0, mine.size() / 2), RESTART_BATCH, false));
        }
        int target = before + share * RESTART_PRODUCERS / 4;
        load.await("a quarter of segment " + segment + " was consumed", books, books::acknowledgedCount,
            () -> books.acknowledgedCount() >= target);
        long consumed = System.nanoTime();
        stop.set(true);
        joinAll("consumer", consumers);
        load.awaitProducers("the producers pushed the first half of segment " + segment, books, firstHalf);
        List<Future<?>> secondHalf = new ArrayList<>();
        for (int p = 0; p < RESTART_PRODUCERS; p++) {
          List<String> mine = ids.get(p);
          secondHalf.add(load.produce("producer " + p + " of segment " + segment, producerQueues.get(p), books,
              mine.subList(mine.size() / 2, mine.size()), RESTART_BATCH, false));
        }
        load.awaitProducers("the producers pushed the second half of segment " + segment, books, secondHalf);
        segmentSeconds.add(String.format("quarter consumed after %.1f", (consumed - segmentStart) / 1e9));
      }
      segmentHolders.forEach(books::releasing);
      broker.close();
      long restartStart = System.nanoTime();
      if (!last) {
        session.restartBroker();
      }
      segmentSeconds.add(String.format("%.1f+%.1f", (restartStart - segmentStart) / 1e9,
          (System.nanoTime() - restartStart) / 1e9));
    }
    session.failures().assertNone();
    // after the last close: only a message whose push threw may still come (2.1), once
    MessageQueue after = session.connect().queue(name);
    for (Optional<Envelope> e = session.pollQuietly(after); e.isPresent(); e = session.pollQuietly(after)) {
      books.delivered(e.get().messageId(), ++holder);
      after.acknowledge(e.get());
      books.acknowledged(e.get().messageId(), holder);
      if (!books.clean()) {
        break;
      }
    }
    System.out.printf("rule 3.8 restarts under load on %s: %s; seconds per segment (load+restart): %s%n", provider,
        books.counts(), segmentSeconds);
    assertThat(books.violations()).as("forbidden deliveries across restarts; %s", books.counts()).isEqualTo("none");
    assertThat(books.counts().lost()).as("accepted messages lost across restarts; %s", books.counts()).isZero();
  }

  private void joinAll(String what, List<Future<?>> futures) throws Exception {
    for (Future<?> f : futures) {
      session.join(what, f);
    }
  }

  /** Up to {@code max} messages of {@code q}, stopping at the first empty poll after the first. */
  private List<Envelope> takeSome(MessageQueue q, int max) {
    List<Envelope> got = new ArrayList<>();
    long deadline = System.nanoTime() + session.timeouts().await().toNanos();
    while (got.size() < max && System.nanoTime() - deadline < 0) {
      Optional<Envelope> e = q.dequeue(session.timeouts().poll());
      if (e.isPresent()) {
        got.add(e.get());
      } else if (!got.isEmpty()) {
        break;
      }
    }
    return got;
  }

  /** While a holds one message, b gets the other; neither gets anything twice. */
  private void assertInstancesShare(MessageQueue a, MessageQueue b) {
    Envelope one = message("share-1");
    Envelope two = message("share-2");
    a.push(one);
    a.push(two);
    Envelope heldByA = session.receive(a);
    Envelope gotByB = session.receive(b);
    assertThat(gotByB.messageId()).as("b receives the message a does not hold").isNotEqualTo(heldByA.messageId());
    assertThat(List.of(heldByA.messageId(), gotByB.messageId()))
        .containsExactlyInAnyOrder(one.messageId(), two.messageId());
    a.acknowledge(heldByA);
    b.acknowledge(gotByB);
    session.assertNothingDelivered(a, "both messages were acknowledged");
    session.assertNothingDelivered(b, "both messages were acknowledged");
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Envelope e = message("many-" + i);
      many.add(e.messageId());
      a.push(e);
    }
    List<String> received = new ArrayList<>();
    long deadline = System.nanoTime() + session.timeouts().await().toNanos();
    while (received.size() < many.size() && System.nanoTime() - deadline < 0) {
      for (MessageQueue q : List.of(a, b)) {
        q.dequeue(session.timeouts().poll()).ifPresent(e -> {
          received.add(e.messageId());
          q.acknowledge(e);
        });
      }
    }
    assertThat(received).as("messages received by both instances").doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(many);
  }

  @Test
  @DisplayName("3.11 dequeue(maxMessages, maxWait) returns at most maxMessages, each message once")
  void rule_3_11_batchDequeueReturnsAtMostMaxMessages() {
    MessageQueue q = session.connect().queue(session.uniqueName());
    Set<String> sent = new HashSet<>();
    for (int i = 0; i < 25; i++) {
      Envelope e = message("batch-" + i);
      sent.add(e.messageId());
      q.push(e);
    }
    List<String> got = new ArrayList<>();
    long deadline = System.nanoTime() + session.timeouts().await().toNanos();
    while (got.size() < 25 && System.nanoTime() - deadline < 0) {
      List<Envelope> batch = q.dequeue(10, session.timeouts().poll());
      assertThat(batch).as("a batch asked for at most 10").hasSizeLessThanOrEqualTo(10);
      for (Envelope e : batch) {
        got.add(e.messageId());
        q.acknowledge(e);
      }
    }
    assertThat(got).as("the 25 messages taken in batches of at most 10, each once")
        .containsExactlyInAnyOrderElementsOf(sent);
    assertThat(q.dequeue(5, Duration.ZERO)).as("a batch from an empty queue").isEmpty();
  }

  @Test
  @DisplayName("3.11 each message of a batch is settled on its own")
  void rule_3_11_eachMessageOfABatchIsSettledOnItsOwn() {
    Broker broker = session.connect(maxAttempts(5));
    String name = session.uniqueName();
    MessageQueue q = broker.queue(name);
    for (String body : List.of("acked", "rejected", "kept")) {
      q.push(message(body));
    }
    Map<String, Envelope> byBody = new HashMap<>();
    long deadline = System.nanoTime() + session.timeouts().await().toNanos();
    while (byBody.size() < 3 && System.nanoTime() - deadline < 0) {
      q.dequeue(3, session.timeouts().poll()).forEach(e -> byBody.put(e.bodyAsString(), e));
    }
    assertThat(byBody).as("the three messages, taken in batches").containsOnlyKeys("acked", "rejected", "kept");
    q.acknowledge(byBody.get("acked"));
    q.reject(byBody.get("rejected"), true, "tck: settled alone");
    Envelope again = session.receive(q, "the rejected message of the batch");
    assertThat(again.bodyAsString()).as("the message that came back").isEqualTo("rejected");
    assertThat(again.deliveryAttempt()).isEqualTo(2);
    q.acknowledge(again);
    session.assertNothingDelivered(q, "the third message of the batch is still held");
    q.close();
    MessageQueue next = broker.queue(name);
    Envelope kept = session.receive(next, "the unsettled message of the batch, after its holder closed");
    assertThat(kept.bodyAsString()).as("the message that came back after the close").isEqualTo("kept");
    next.acknowledge(kept);
    session.assertNothingDelivered(next, "the acknowledged message of the batch never comes back");
  }

  @Test
  @DisplayName("3.11 a batch of fewer than one message or a negative wait is IllegalArgumentException")
  void rule_3_11_badBatchArgumentsAreRefused() {
    MessageQueue q = session.connect().queue(session.uniqueName());
    assertThat(catchThrowable(() -> q.dequeue(0, Duration.ZERO))).as("dequeue(0, ...)")
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(catchThrowable(() -> q.dequeue(1, Duration.ofMillis(-1)))).as("dequeue(1, negative)")
        .isInstanceOf(IllegalArgumentException.class);
    q.push(message("after-bad-batch"));
    assertThat(session.receiveAndAck(q, 1).get(0).bodyAsString()).isEqualTo("after-bad-batch");
  }
}
