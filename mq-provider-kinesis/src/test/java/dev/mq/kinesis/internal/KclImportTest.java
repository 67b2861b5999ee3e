package dev.mq.kinesis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.kinesis.agg.AggRecord;
import dev.mq.ConfigurationException;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.MessagingException;
import dev.mq.kinesis.testing.Dynalite;
import dev.mq.kinesis.testing.KinesisEndpoint;
import dev.mq.kinesis.testing.KinesisEndpointExtension;
import dev.mq.kinesis.testing.TestStreams;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * {@code mq.kinesis.kcl-lease-table}: a group starts where a KCL application stopped. The KCL
 * lease tables here are written by hand in the KCL's item format (the real KCL runs in another
 * test): checkpoints of plain records, inside a KPL aggregate, SHARD_END after a split, and
 * TRIM_HORIZON; a live lease is refused, an expired one imported, and the import happens once.
 */
@Tag("interop")
@ExtendWith(KinesisEndpointExtension.class)
class KclImportTest {

  @AutoClose
  private static final Dynalite dynalite = Dynalite.start();

  @TempDir
  Path dir;

  private Map<String, String> config(KinesisEndpoint endpoint, String kclTable) {
    return ProviderTests.kclImportConfig(endpoint, dir, dynalite, kclTable);
  }

  // ---- the KCL's side: its lease table and its records

  /** A lease table as the KCL creates it: hash key leaseKey (S). */
  private static String createKclTable(DynamoDbClient db) {
    String table = TestStreams.uniqueName("kcl-app");
    db.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
        .keySchema(k -> k.attributeName("leaseKey").keyType(KeyType.HASH))
        .attributeDefinitions(a -> a.attributeName("leaseKey").attributeType(ScalarAttributeType.S)));
    // the SDK's waiter polls every 20 s; dynalite is ready within 50 ms
    ProviderTests.await("table " + table + " active", () -> db.describeTable(b -> b.tableName(table))
        .table().tableStatus() == TableStatus.ACTIVE);
    return table;
  }

  /** One lease item with the KCL's attributes. */
  private static void putLease(DynamoDbClient db, String table, String shardId, String owner, long counter,
      String checkpoint, long subSequence, List<String> parents) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("leaseKey", AttributeValue.fromS(shardId));
    item.put("leaseCounter", AttributeValue.fromN(Long.toString(counter)));
    if (owner != null) {
      item.put("leaseOwner", AttributeValue.fromS(owner));
    }
    item.put("checkpoint", AttributeValue.fromS(checkpoint));
    item.put("checkpointSubSequenceNumber", AttributeValue.fromN(Long.toString(subSequence)));
    item.put("ownerSwitchesSinceCheckpoint", AttributeValue.fromN("0"));
    if (!parents.isEmpty()) {
      item.put("parentShardId", AttributeValue.fromSs(parents));
    }
    db.putItem(b -> b.tableName(table).item(item));
  }

  /** Puts a plain record (partition key = body) to the shard owning {@code hashKey}; its sequence number. */
  private static String put(KinesisClient c, String stream, BigInteger hashKey, String body) {
    return c.putRecord(b -> b.streamName(stream).partitionKey(body).explicitHashKey(hashKey.toString())
        .data(SdkBytes.fromString(body, StandardCharsets.UTF_8))).sequenceNumber();
  }

  /** Puts one KPL aggregate of these user records (partition key = body); its sequence number. */
  private static String putAggregate(KinesisClient c, String stream, BigInteger hashKey, String... bodies) {
    AggRecord aggregate = new AggRecord();
    for (String body : bodies) {
      assertThat(aggregate.addUserRecord(body, null, body.getBytes(StandardCharsets.UTF_8))).isTrue();
    }
    return c.putRecord(b -> b.streamName(stream).partitionKey(aggregate.getPartitionKey())
        .explicitHashKey(hashKey.toString()).data(SdkBytes.fromByteArray(aggregate.toRecordBytes())))
        .sequenceNumber();
  }

  private static Shard shard(KinesisClient c, String stream, int index) {
    return c.listShards(b -> b.streamName(stream)).shards().get(index);
  }

  private static BigInteger start(Shard s) {
    return new BigInteger(s.hashKeyRange().startingHashKey());
  }

  /** Splits the shard in the middle; the two children, lower half first. */
  private static List<Shard> split(KinesisClient c, String stream, Shard parent) {
    BigInteger mid = start(parent).add(new BigInteger(parent.hashKeyRange().endingHashKey())).shiftRight(1);
    c.splitShard(b -> b.streamName(stream).shardToSplit(parent.shardId()).newStartingHashKey(mid.toString()));
    TestStreams.awaitActive(c, stream);
    List<Shard> children = c.listShards(b -> b.streamName(stream)).shards().stream()
        .filter(s -> parent.shardId().equals(s.parentShardId()))
        .sorted((a, b) -> start(a).compareTo(start(b))).toList();
    assertThat(children).hasSize(2);
    return children;
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static List<String> bodies(List<Envelope> got) {
    return got.stream().map(Envelope::bodyAsString).toList();
  }

  // ---- the tests

  @Test
  void startsRightAfterEachKclCheckpointAndImportsOnlyOnce(KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("kcl-import", 2);
    try (KinesisClient c = endpoint.syncClient(); DynamoDbClient db = dynalite.client()) {
      Shard s0 = shard(c, stream, 0);
      Shard s1 = shard(c, stream, 1);
      for (int i = 0; i < 3; i++) {
        put(c, stream, start(s0), "p" + i);
      }
      put(c, stream, start(s1), "q0");
      String aggregate = putAggregate(c, stream, start(s1), "a0", "a1", "a2", "a3");
      put(c, stream, start(s1), "q1");
      List<Shard> children = split(c, stream, s0);
      String cAggregate = putAggregate(c, stream, start(children.get(0)), "c0", "c1", "c2");
      put(c, stream, start(children.get(1)), "d0");
      put(c, stream, start(children.get(1)), "d1");

      String table = createKclTable(db);
      List<String> parent = List.of(s0.shardId());
      putLease(db, table, s0.shardId(), null, 12, "SHARD_END", 0, List.of());
      // inside the aggregate: a0 and a1 processed
      putLease(db, table, s1.shardId(), "kcl-worker-1", 30, aggregate, 1, List.of());
      // the first user record of an aggregate: sub-sequence 0, as for a plain record
      putLease(db, table, children.get(0).shardId(), null, 4, cAggregate, 0, parent);
      // the second child is not in the table: read from its start once its parent is done

      Map<String, String> config = config(endpoint, table);
      try (KinesisBroker broker = ProviderTests.connect(config)) {
        MessageQueue q = broker.queue(stream);
        List<Envelope> got = ProviderTests.receiveAndAck(q, 7);
        assertThat(bodies(got)).containsExactlyInAnyOrder("a2", "a3", "q1", "c1", "c2", "d0", "d1");
        ProviderTests.assertNothingMore(q);
      }

      // The group's own checkpoints now: the KCL table is never read again (gone, it would fail).
      db.deleteTable(b -> b.tableName(table));
      put(c, stream, start(s1), "q2");
      try (KinesisBroker broker = ProviderTests.connect(config)) {
        MessageQueue q = broker.queue(stream);
        assertThat(bodies(ProviderTests.receiveAndAck(q, 1))).containsExactly("q2");
        ProviderTests.assertNothingMore(q);
      }
    }
  }

  @Test
  void refusesWhileAKclWorkerRenewsALeaseAndImportsOnceItStopped(KinesisEndpoint endpoint) throws Exception {
    String stream = endpoint.createStream("kcl-live", 1);
    try (KinesisClient c = endpoint.syncClient(); DynamoDbClient db = dynalite.client()) {
      Shard s0 = shard(c, stream, 0);
      put(c, stream, start(s0), "r0");
      put(c, stream, start(s0), "r1");
      String table = createKclTable(db);
      putLease(db, table, s0.shardId(), "kcl-worker-7", 1, "TRIM_HORIZON", 0, List.of());
      AtomicBoolean renewing = new AtomicBoolean(true);
      Thread worker = new Thread(() -> {
        for (long counter = 2; renewing.get(); counter++) {
          putLease(db, table, s0.shardId(), "kcl-worker-7", counter, "TRIM_HORIZON", 0, List.of());
          pause(Duration.ofMillis(100));
        }
      }, "fake-kcl-worker");
      worker.start();
      Map<String, String> config = config(endpoint, table);
      config.put("mq.kinesis.checkpoint-store", "memory"); // every store imports the same way
      try (KinesisBroker broker = ProviderTests.connect(config)) {
        MessageQueue q = broker.queue(stream);
        try {
          assertThatThrownBy(() -> q.dequeue(Duration.ofMillis(100)))
              .isInstanceOf(MessagingException.class)
              .hasMessageContaining(table).hasMessageContaining("kcl-worker-7")
              .hasMessageContaining("Stop every worker of the KCL application first");
        } finally {
          renewing.set(false);
          worker.join();
        }
        // The owner's counter stands still now: the lease is expired and imported, from its start.
        assertThat(bodies(ProviderTests.receiveAndAck(q, 2))).containsExactlyInAnyOrder("r0", "r1");
        ProviderTests.assertNothingMore(q);
      }
    }
  }

  @Test
  void aMissingKclTableIsNamed(KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("kcl-missing", 1);
    String table = TestStreams.uniqueName("no-such-kcl-app");
    try (KinesisBroker broker = ProviderTests.connect(config(endpoint, table))) {
      MessageQueue q = broker.queue(stream);
      assertThatThrownBy(() -> q.dequeue(Duration.ofMillis(100)))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining(table).hasMessageContaining("mq.kinesis.kcl-lease-table")
          .hasMessageContaining("does not exist");
    }
  }

  @Test
  void anEmptyKclTableImportsNothingAndTheGroupStartsAtItsInitialPosition(KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("kcl-empty", 1);
    try (KinesisClient c = endpoint.syncClient(); DynamoDbClient db = dynalite.client()) {
      put(c, stream, start(shard(c, stream, 0)), "r0");
      String table = createKclTable(db);
      try (KinesisBroker broker = ProviderTests.connect(config(endpoint, table))) {
        MessageQueue q = broker.queue(stream);
        assertThat(bodies(ProviderTests.receiveAndAck(q, 1))).containsExactly("r0");
      }
    }
  }

  @Test
  void withTheDynamoDbStoreAChildWaitsForItsParentAsInTheKclTable(KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("kcl-leases", 1);
    try (KinesisClient c = endpoint.syncClient(); DynamoDbClient db = dynalite.client()) {
      Shard s0 = shard(c, stream, 0);
      put(c, stream, start(s0), "p0");
      String p1 = put(c, stream, start(s0), "p1"); // a plain record: the KCL's sub-sequence 0
      put(c, stream, start(s0), "p2");
      List<Shard> children = split(c, stream, s0);
      put(c, stream, start(children.get(0)), "c0");
      put(c, stream, start(children.get(1)), "d0");
      String table = createKclTable(db);
      List<String> parent = List.of(s0.shardId());
      putLease(db, table, s0.shardId(), "kcl-worker-gone", 8, p1, 0, List.of());
      // the KCL created the children's leases at the split; it reads them after the parent
      putLease(db, table, children.get(0).shardId(), null, 0, "TRIM_HORIZON", 0, parent);
      putLease(db, table, children.get(1).shardId(), null, 0, "TRIM_HORIZON", 0, parent);
      Map<String, String> config = dynalite.addStoreConfig(config(endpoint, table),
          TestStreams.uniqueName("mq-leases"), Duration.ofSeconds(2));
      try (KinesisBroker broker = ProviderTests.connect(config)) {
        MessageQueue q = broker.queue(stream);
        List<Envelope> parentRest = ProviderTests.receive(q, 1);
        assertThat(bodies(parentRest)).containsExactly("p2");
        // the children's items carry the KCL's parent links: nothing of them while p2 is open
        ProviderTests.assertNothingMore(q);
        q.acknowledge(parentRest.get(0));
        assertThat(bodies(ProviderTests.receiveAndAck(q, 2))).containsExactlyInAnyOrder("c0", "d0");
        ProviderTests.assertNothingMore(q);
      }
    }
  }
}
