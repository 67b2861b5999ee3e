package dev.mq.kinesis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.kinesis.testing.Dynalite;
import dev.mq.kinesis.testing.KinesisEndpoint;
import dev.mq.kinesis.testing.KinesisEmulators;
import dev.mq.kinesis.testing.KinesisEndpointExtension;
import dev.mq.kinesis.testing.TcpProxy;
import dev.mq.kinesis.testing.TestStreams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A shard's lease handed from one worker (broker) to the next through the dynamodb store in
 * dynalite, with what the first one left behind: unacknowledged messages under
 * {@code initial-position=latest}, many acknowledgements ahead of a stuck message, delivery
 * attempts.
 */
@ExtendWith(KinesisEndpointExtension.class)
class LeaseHandOverTest {

  private static final Duration FAILOVER = Duration.ofSeconds(3);
  @AutoClose
  private static final Dynalite dynalite = Dynalite.start();
  private final String table = TestStreams.uniqueName("handover");

  private Map<String, String> config(KinesisEndpoint endpoint) {
    Map<String, String> c = endpoint.providerConfig();
    c.put("mq.kinesis.poll-interval", "200ms");
    c.put("mq.kinesis.checkpoint-interval", "50ms");
    c.put("mq.kinesis.shard-discovery-interval", "300ms");
    c.put("mq.kinesis.read-backoff-max", "1s");
    return dynalite.addStoreConfig(c, table, FAILOVER);
  }

  private static void pause() {
    try {
      Thread.sleep(300); // arrival timestamps have millisecond resolution
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void latestKeepsUnacknowledgedMessagesAcrossAHandOver(KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("latest-handover", 1);
    Map<String, String> config = config(endpoint);
    config.put("mq.kinesis.initial-position", "latest");
    List<String> unacked;
    try (KinesisBroker first = ProviderTests.connect(config)) {
      MessageQueue q = first.queue(stream, "g");
      pause();
      unacked = pushAndAckEveryOther(q, 20);
      // closed with half of them in flight: the lease is handed over
    }
    pause(); // the next worker's own start time is later than every message
    try (KinesisBroker next = ProviderTests.connect(config)) {
      MessageQueue q = next.queue(stream, "g");
      List<String> again = drain(q, unacked.size());
      System.out.printf("latest, hand-over at close: sent 20, received %d, duplicated %d, lost %d%n",
          20 + again.size(), again.size(), unacked.stream().filter(id -> !again.contains(id)).count());
      assertThat(again).as("exactly the unacknowledged ones, again").containsExactlyElementsOf(unacked);
    }
  }

  @Test
  void latestKeepsUnacknowledgedMessagesWhenTheOwnerVanishes(KinesisEndpoint endpoint) throws Exception {
    String stream = endpoint.createStream("latest-vanish", 1);
    Map<String, String> direct = config(endpoint);
    direct.put("mq.kinesis.initial-position", "latest");
    Map<String, String> viaProxy = new java.util.HashMap<>(direct);
    try (TcpProxy proxy = new TcpProxy(dynalite.uri().getPort(), KinesisEmulators.freePort()).resume()) {
      viaProxy.put("mq.kinesis.dynamodb-endpoint", "http://127.0.0.1:" + proxy.port());
      KinesisBroker first = ProviderTests.connect(viaProxy);
      try {
        MessageQueue q = first.queue(stream, "g");
        pause();
        List<String> unacked = pushAndAckEveryOther(q, 20);
        proxy.cut(); // the owner can no longer renew, hand over or checkpoint: as if it had died
        pause();
        try (KinesisBroker next = ProviderTests.connect(direct)) {
          MessageQueue q2 = next.queue(stream, "g");
          // taken once the lease expired (failover time), from the stored checkpoint
          List<String> again = drain(q2, unacked.size());
          System.out.printf("latest, owner vanished: sent 20, received %d, duplicated %d, lost %d%n",
              20 + again.size(), again.size(), unacked.stream().filter(id -> !again.contains(id)).count());
          assertThat(again).as("the unacknowledged ones are delivered again").containsAll(unacked);
          assertThat(again).as("without a hand-over, everything after the stored start time").hasSize(20);
        }
      } finally {
        first.close();
      }
    }
  }

  /**
   * Pushes {@code n}, receives them, acknowledges every second one but the first (so that the
   * shard never gets a checkpoint of a record); returns the unacknowledged ones' ids.
   */
  private static List<String> pushAndAckEveryOther(MessageQueue q, int n) {
    for (int i = 0; i < n; i++) {
      q.push(Envelope.of("m" + i));
    }
    List<Envelope> got = ProviderTests.receive(q, n);
    List<String> unacked = new ArrayList<>();
    for (int i = 0; i < got.size(); i++) {
      if (i % 2 == 0 && i > 0) {
        q.acknowledge(got.get(i));
      } else {
        unacked.add(got.get(i).messageId());
      }
    }
    return unacked;
  }

  /** At least {@code min} messages, then whatever comes until the queue stays quiet; all acknowledged. */
  private static List<String> drain(MessageQueue q, int min) {
    List<String> got = new ArrayList<>(ProviderTests.receiveAndAck(q, min).stream().map(Envelope::messageId).toList());
    long end = System.nanoTime() + ProviderTests.QUIET.toNanos();
    while (System.nanoTime() < end) {
      q.dequeue(Duration.ofMillis(100)).ifPresent(e -> {
        got.add(e.messageId());
        q.acknowledge(e);
      });
    }
    return got;
  }

  @Test
  void aHandOverWith8000AcknowledgementsAheadOfAStuckMessageFreesTheLeaseAndRepeatsOnlyTheStuckOne(
      KinesisEndpoint endpoint) {
    int ahead = 8_000;
    String stream = endpoint.createStream("many-ahead", 1);
    Map<String, String> config = config(endpoint);
    config.put("mq.kinesis.read-ahead-records", "10000");
    List<String> ids = new ArrayList<>();
    try (KinesisBroker first = ProviderTests.connect(config)) {
      MessageQueue q = first.queue(stream, "g");
      List<Envelope> batch = new ArrayList<>();
      for (int i = 0; i <= ahead; i++) {
        Envelope e = Envelope.of("m" + i);
        ids.add(e.messageId());
        batch.add(e);
        if (batch.size() == 500) {
          first.write(stream, batch, true);
          batch = new ArrayList<>();
        }
      }
      first.write(stream, batch, true);
      List<Envelope> got = ProviderTests.receive(q, ahead + 1);
      assertThat(got.get(0).messageId()).isEqualTo(ids.get(0));
      got.subList(1, got.size()).forEach(q::acknowledge); // the first one stays stuck
    }
    assertThat(owners(stream)).as("the closed worker freed its lease").isEmpty();
    try (KinesisBroker next = ProviderTests.connect(config)) {
      MessageQueue q = next.queue(stream, "g");
      Envelope again = ProviderTests.receiveAndAck(q, 1).get(0);
      assertThat(again.messageId()).as("the stuck message first").isEqualTo(ids.get(0));
      Set<String> repeated = new HashSet<>();
      long end = System.nanoTime() + ProviderTests.QUIET.toNanos();
      while (System.nanoTime() < end) {
        q.dequeue(Duration.ofMillis(100)).ifPresent(e -> {
          repeated.add(e.messageId());
          q.acknowledge(e);
        });
      }
      System.out.printf("hand-over with %d acknowledged ahead of a stuck message: sent %d, "
          + "delivered again %d (the stuck one and %d acknowledged ones)%n", ahead, ahead + 1,
          1 + repeated.size(), repeated.size());
      assertThat(repeated).as("acknowledged messages delivered again").isEmpty();
    }
  }

  @Test
  void deliveryAttemptsRestartAtOneWhenTheShardMovesToAnotherWorker(KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("attempts", 1);
    Map<String, String> config = config(endpoint);
    try (KinesisBroker first = ProviderTests.connect(config)) {
      MessageQueue q = first.queue(stream, "g");
      q.push(Envelope.of("m"));
      Envelope once = ProviderTests.receive(q, 1).get(0);
      assertThat(once.deliveryAttempt()).isEqualTo(1);
      q.reject(once); // requeued: delivered again here with attempt 2
      Envelope twice = ProviderTests.receive(q, 1).get(0);
      assertThat(twice.deliveryAttempt()).isEqualTo(2);
    }
    try (KinesisBroker next = ProviderTests.connect(config)) {
      MessageQueue q = next.queue(stream, "g");
      Envelope moved = ProviderTests.receiveAndAck(q, 1).get(0);
      assertThat(moved.bodyAsString()).isEqualTo("m");
      assertThat(moved.deliveryAttempt()).as("attempts are counted per worker").isEqualTo(1);
    }
  }

  /** The owners of the stream's leases for group g. */
  private List<String> owners(String stream) {
    List<String> out = new ArrayList<>();
    try (DynamoDbClient client = dynalite.client()) {
      for (Map<String, AttributeValue> item : client.query(b -> b.tableName(table).consistentRead(true)
          .keyConditionExpression("streamGroup = :k")
          .expressionAttributeValues(Map.of(":k", AttributeValue.fromS(stream + "/g")))).items()) {
        AttributeValue owner = item.get("leaseOwner");
        if (owner != null) {
          out.add(owner.s());
        }
      }
    }
    return out;
  }
}
