package dev.mq.kinesis.internal.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mq.ConfigurationException;
import dev.mq.kinesis.checkpoint.Checkpoint;
import dev.mq.kinesis.checkpoint.CheckpointStore;
import dev.mq.kinesis.checkpoint.CheckpointStoreException;
import dev.mq.kinesis.internal.config.LeaseSettings;
import dev.mq.kinesis.internal.lease.DoneRange;
import dev.mq.kinesis.internal.lease.Lease;
import dev.mq.kinesis.testing.Dynalite;
import dev.mq.kinesis.testing.KinesisEmulators;
import dev.mq.kinesis.testing.KinesisEndpoint;
import dev.mq.kinesis.testing.TcpProxy;
import dev.mq.kinesis.testing.TestStreams;
import dev.mq.spi.ProviderConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The DynamoDB lease table against dynalite: conditional writes, corrupt items, the table. */
class DynamoDbCheckpointStoreTest {

  @AutoClose
  private static final Dynalite dynalite = Dynalite.start();
  private final List<DynamoDbCheckpointStore> stores = new ArrayList<>();
  private final String table = TestStreams.uniqueName("leases");
  private final String stream = TestStreams.uniqueName("stream");

  @AfterEach
  void closeStores() {
    stores.forEach(DynamoDbCheckpointStore::close);
  }

  private DynamoDbCheckpointStore store(String worker) {
    DynamoDbCheckpointStore s = new DynamoDbCheckpointStore(dynalite.client(), table, true,
        Duration.ofSeconds(30), worker, LeaseSettings.defaults());
    stores.add(s);
    return s;
  }

  @Test
  void createsTheTableOnDemandAndRoundTripsALease() {
    DynamoDbCheckpointStore a = store("a");
    assertThat(a.create(stream, "g", "shard-1", List.of("shard-0"))).isTrue();
    assertThat(a.create(stream, "g", "shard-1", List.of())).as("exists already").isFalse();
    Lease free = a.list(stream, "g").get(0);
    assertThat(free).isEqualTo(new Lease("shard-1", null, 0, null, List.of("shard-0")));

    Lease held = a.take(stream, "g", free).orElseThrow();
    assertThat(held.owner()).isEqualTo("a");
    assertThat(held.counter()).isEqualTo(1);
    Lease renewed = a.renew(stream, "g", held).orElseThrow();
    assertThat(renewed.counter()).isEqualTo(2);
    Lease cp = a.checkpoint(stream, "g", renewed, Checkpoint.at("12345", 3), false).orElseThrow();
    assertThat(cp.checkpoint()).isEqualTo(Checkpoint.at("12345", 3));
    assertThat(cp.counter()).as("a checkpoint does not renew").isEqualTo(2);
    assertThat(a.load(stream, "g")).isEqualTo(Map.of("shard-1", Checkpoint.at("12345", 3)));
    assertThat(a.load(stream, "other-group")).isEmpty();

    Lease end = a.checkpoint(stream, "g", cp, Checkpoint.shardEnd(), true).orElseThrow();
    assertThat(end.owner()).as("SHARD_END hands the lease back").isNull();
    assertThat(end.isEnded()).isTrue();
  }

  @Test
  void aStaleCounterCannotMoveTheCheckpoint() {
    DynamoDbCheckpointStore a = store("a");
    DynamoDbCheckpointStore b = store("b");
    a.create(stream, "g", "s", List.of());
    Lease heldByA = a.take(stream, "g", a.list(stream, "g").get(0)).orElseThrow();
    a.checkpoint(stream, "g", heldByA, Checkpoint.afterRecord("100"), false).orElseThrow();

    Lease heldByB = b.take(stream, "g", heldByA).orElseThrow(); // b steals with the counter it saw
    assertThat(a.checkpoint(stream, "g", heldByA, Checkpoint.afterRecord("999"), false)).isEmpty();
    assertThat(a.renew(stream, "g", heldByA)).isEmpty();
    assertThat(a.release(stream, "g", heldByA)).isFalse();
    assertThat(a.take(stream, "g", heldByA)).as("a take with the old counter").isEmpty();
    // b's own take, repeated (as an SDK retry would): read back, it is b's write
    assertThat(b.take(stream, "g", heldByA)).contains(heldByB);
    assertThat(a.load(stream, "g")).containsEntry("s", Checkpoint.afterRecord("100"));

    // the right counter is not enough: the owner must match too
    assertThat(a.checkpoint(stream, "g", heldByB, Checkpoint.afterRecord("999"), false)).isEmpty();
    assertThat(b.checkpoint(stream, "g", heldByB, Checkpoint.afterRecord("200"), false)).isPresent();
    assertThat(a.load(stream, "g")).containsEntry("s", Checkpoint.afterRecord("200"));
  }

  @Test
  void releaseClearsTheOwnerAndRaisesTheCounter() {
    DynamoDbCheckpointStore a = store("a");
    a.create(stream, "g", "s", List.of());
    Lease held = a.take(stream, "g", a.list(stream, "g").get(0)).orElseThrow();
    assertThat(a.release(stream, "g", held)).isTrue();
    Lease after = a.list(stream, "g").get(0);
    assertThat(after.owner()).isNull();
    assertThat(after.counter()).isEqualTo(held.counter() + 1);
  }

  @Test
  void aHandOverWritesTheCheckpointAndWhatIsDoneBeyondItAndClearsTheOwner() {
    DynamoDbCheckpointStore a = store("a");
    DynamoDbCheckpointStore b = store("b");
    a.create(stream, "g", "s", List.of());
    Lease held = a.take(stream, "g", a.list(stream, "g").get(0)).orElseThrow();
    assertThat(b.requestHandOver(stream, "g", held)).isTrue();
    Lease asked = a.renew(stream, "g", held).orElseThrow();
    assertThat(asked.handoffTo()).isEqualTo("b");
    assertThat(a.handOver(stream, "g", asked, Checkpoint.afterRecord("10"),
        List.of(DoneRange.of(Checkpoint.afterRecord("12")),
            new DoneRange(Checkpoint.at("13", 2), Checkpoint.afterRecord("20"))))).isTrue();
    Lease free = a.list(stream, "g").get(0);
    assertThat(free.owner()).isNull();
    assertThat(free.handoffTo()).as("reserved for the asker").isEqualTo("b");
    assertThat(free.checkpoint()).isEqualTo(Checkpoint.afterRecord("10"));
    assertThat(free.doneAhead()).containsExactly(DoneRange.of(Checkpoint.afterRecord("12")),
        new DoneRange(Checkpoint.at("13", 2), Checkpoint.afterRecord("20")));
    Lease taken = b.take(stream, "g", free).orElseThrow();
    assertThat(taken.doneAhead()).hasSize(2);
    assertThat(taken.handoffTo()).isNull();
    assertThat(a.handOver(stream, "g", asked, null, List.of())).as("stale").isFalse();
    assertThat(b.handOver(stream, "g", taken, null, List.of())).isTrue();
    assertThat(b.list(stream, "g").get(0).doneAhead()).isEmpty();
    assertThat(b.list(stream, "g").get(0).checkpoint()).isEqualTo(Checkpoint.afterRecord("10"));
  }

  /**
   * A renewal or take that DynamoDB applied but whose response was lost: the SDK's retry finds
   * the counter moved already (ConditionalCheckFailed). Reading the item back shows this worker's
   * own write (owner = me, counter = expected + 1): the lease is still held.
   */
  @Test
  void aWriteAppliedWhoseResponseWasLostIsRecognisedByReadingTheItemBack() throws Exception {
    try (TcpProxy proxy = new TcpProxy(dynalite.uri().getPort(), KinesisEmulators.freePort()).resume()) {
      Map<String, String> c = new HashMap<>();
      c.put("region", KinesisEndpoint.REGION);
      c.put("access-key-id", "test");
      c.put("secret-access-key", "test");
      c.put("dynamodb-endpoint", "http://127.0.0.1:" + proxy.port());
      c.put("lease-table", table);
      DynamoDbCheckpointStore a = (DynamoDbCheckpointStore) new DynamoDbCheckpointStoreFactory().create(config(c));
      stores.add(a);
      a.create(stream, "g", "s", List.of());
      Lease free = a.list(stream, "g").get(0);

      proxy.dropResponses("UpdateItem", 1);
      Lease held = a.take(stream, "g", free).orElseThrow(() -> new AssertionError("take lost"));
      assertThat(proxy.droppedResponses()).as("the take's first response was dropped").isEqualTo(1);
      assertThat(held.owner()).isEqualTo(a.workerId());
      assertThat(held.counter()).isEqualTo(free.counter() + 1);

      proxy.dropResponses("UpdateItem", 1);
      Optional<Lease> renewed = a.renew(stream, "g", held);
      assertThat(proxy.droppedResponses()).as("the renewal's first response was dropped").isEqualTo(2);
      assertThat(renewed).as("a renewal applied once, its response lost").isPresent();
      assertThat(renewed.get().counter()).isEqualTo(held.counter() + 1);

      // another worker's write is still a lost lease
      DynamoDbCheckpointStore b = store("b");
      b.take(stream, "g", renewed.get()).orElseThrow();
      assertThat(a.renew(stream, "g", renewed.get())).isEmpty();
    }
  }

  /**
   * A renewal applied by its first attempt whose every response was lost ends with an error;
   * the next checkpoint write, on the counter the worker knows, finds its own renewal (mine at
   * counter + 1) and is written on that counter instead of reporting the lease lost.
   */
  @Test
  void aCheckpointAfterARenewalAppliedUnheardIsWrittenOnTheNewCounter() throws Exception {
    try (TcpProxy proxy = new TcpProxy(dynalite.uri().getPort(), KinesisEmulators.freePort()).resume()) {
      Map<String, String> c = new HashMap<>();
      c.put("region", KinesisEndpoint.REGION);
      c.put("access-key-id", "test");
      c.put("secret-access-key", "test");
      c.put("dynamodb-endpoint", "http://127.0.0.1:" + proxy.port());
      c.put("lease-table", table);
      DynamoDbCheckpointStore a = (DynamoDbCheckpointStore) new DynamoDbCheckpointStoreFactory().create(config(c));
      stores.add(a);
      a.create(stream, "g", "s", List.of());
      Lease held = a.take(stream, "g", a.list(stream, "g").get(0)).orElseThrow();
      proxy.dropResponses("UpdateItem", DynamoDbCheckpointStoreFactory.MAX_ATTEMPTS);
      assertThatThrownBy(() -> a.renew(stream, "g", held)).isInstanceOf(CheckpointStoreException.class);
      assertThat(a.list(stream, "g").get(0).counter()).as("applied once, unheard").isEqualTo(held.counter() + 1);

      Optional<Lease> written = a.checkpoint(stream, "g", held, Checkpoint.afterRecord("5"), false);
      assertThat(written).as("still this worker's lease").isPresent();
      assertThat(a.load(stream, "g")).containsEntry("s", Checkpoint.afterRecord("5"));
    }
  }

  /**
   * DynamoDB black-holed: a lease call ends by the call timeout derived from the failover time
   * (here 2 s / 4), not by the client's request timeout times its attempts (about 40 s). The
   * bound below is a generous wait for the call to end, not a measurement.
   */
  @Test
  void aLeaseCallToABlackHoledTableEndsByTheLeaseCallTimeout() throws Exception {
    try (TcpProxy proxy = new TcpProxy(dynalite.uri().getPort(), KinesisEmulators.freePort()).resume()) {
      Map<String, String> c = new HashMap<>();
      c.put("region", KinesisEndpoint.REGION);
      c.put("access-key-id", "test");
      c.put("secret-access-key", "test");
      c.put("dynamodb-endpoint", "http://127.0.0.1:" + proxy.port());
      c.put("lease-table", table);
      c.put("lease-failover-time", "2s");
      DynamoDbCheckpointStore a = (DynamoDbCheckpointStore) new DynamoDbCheckpointStoreFactory().create(config(c));
      stores.add(a);
      a.create(stream, "g", "s", List.of());
      Lease held = a.take(stream, "g", a.list(stream, "g").get(0)).orElseThrow();
      proxy.blackHole();
      java.util.concurrent.CompletableFuture<Optional<Lease>> renewal =
          java.util.concurrent.CompletableFuture.supplyAsync(() -> a.renew(stream, "g", held));
      assertThatThrownBy(() -> renewal.get(15, java.util.concurrent.TimeUnit.SECONDS))
          .as("the renewal ended with a store failure").hasCauseInstanceOf(CheckpointStoreException.class);
    }
  }

  /** Opened by name, the store comes with its lease table (itself) and nothing else. */
  @Test
  void theDynamoDbStoreOpensAsALeaseTable() {
    Map<String, String> config = dynalite.addStoreConfig(new HashMap<>(), table, Duration.ofSeconds(10));
    config.put("mq.kinesis.region", "us-east-1");
    config.put("mq.kinesis.access-key-id", "x");
    config.put("mq.kinesis.secret-access-key", "x");
    OpenedStore opened = CheckpointStores.open("dynamodb", "mq.kinesis.checkpoint-store",
        ProviderConfig.of("kinesis", config));
    try (CheckpointStore store = opened.store()) {
      assertThat(opened.leaseTable()).get().isSameAs(store);
      assertThat(opened.doneAheadStore()).isEmpty();
    }
  }

  @Test
  void thePlainSaveWritesOnlyLeasesNobodyHolds() {
    DynamoDbCheckpointStore a = store("a");
    a.save(stream, "g", Map.of("s", Checkpoint.afterRecord("7")));
    assertThat(a.load(stream, "g")).isEqualTo(Map.of("s", Checkpoint.afterRecord("7")));
    Lease held = a.take(stream, "g", a.list(stream, "g").get(0)).orElseThrow();
    assertThatThrownBy(() -> a.save(stream, "g", Map.of("s", Checkpoint.afterRecord("8"))))
        .isInstanceOf(CheckpointStoreException.class).hasMessageContaining("leased");
    assertThat(a.load(stream, "g")).containsEntry("s", Checkpoint.afterRecord("7"));
    assertThat(held.owner()).isEqualTo("a");
  }

  @Test
  void corruptItemsAreReportedNotReset() {
    DynamoDbCheckpointStore a = store("a");
    a.create(stream, "g", "ok", List.of());
    Map<String, AttributeValue> bad = new HashMap<>();
    bad.put("streamGroup", AttributeValue.fromS(stream + "/g"));
    bad.put("shardId", AttributeValue.fromS("bad"));
    bad.put("leaseCounter", AttributeValue.fromN("3"));
    bad.put("checkpoint", AttributeValue.fromS("not-a-checkpoint"));
    try (DynamoDbClient raw = dynalite.client()) {
      raw.putItem(b -> b.tableName(table).item(bad));
      assertThatThrownBy(() -> a.list(stream, "g")).isInstanceOf(CheckpointStoreException.class)
          .hasMessageContaining("shard bad").hasMessageContaining("corrupt");
      assertThatThrownBy(() -> a.load(stream, "g")).isInstanceOf(CheckpointStoreException.class);
      // still there, unchanged
      assertThat(raw.getItem(b -> b.tableName(table).key(Map.of("streamGroup", bad.get("streamGroup"),
          "shardId", bad.get("shardId")))).item()).isEqualTo(bad);

      bad.put("checkpoint", AttributeValue.fromS("5"));
      bad.put("leaseCounter", AttributeValue.fromS("three"));
      raw.putItem(b -> b.tableName(table).item(bad));
      assertThatThrownBy(() -> a.list(stream, "g")).isInstanceOf(CheckpointStoreException.class)
          .hasMessageContaining("leaseCounter");
    }
  }

  @Test
  void aMissingTableFailsWhenItMayNotBeCreated() {
    assertThatThrownBy(() -> new DynamoDbCheckpointStore(dynalite.client(), table, false,
        Duration.ofSeconds(5), "a", LeaseSettings.defaults()))
        .isInstanceOf(CheckpointStoreException.class).hasMessageContaining(table)
        .hasMessageContaining("create-lease-table");
  }

  @Test
  void anUnreachableTableIsAStoreFailure() {
    DynamoDbCheckpointStore a = store("a");
    a.create(stream, "g", "s", List.of());
    Lease l = a.list(stream, "g").get(0);
    try (Dynalite other = Dynalite.start()) {
      DynamoDbCheckpointStore elsewhere = new DynamoDbCheckpointStore(other.client(), table, true,
          Duration.ofSeconds(30), "x", LeaseSettings.defaults());
      stores.add(elsewhere);
      other.close(); // gone: every call fails
      assertThatThrownBy(() -> elsewhere.list(stream, "g")).isInstanceOf(CheckpointStoreException.class);
      assertThatThrownBy(() -> elsewhere.take(stream, "g", l)).isInstanceOf(CheckpointStoreException.class);
    }
  }

  @Test
  void theFactoryReadsAndChecksItsKeys() {
    Map<String, String> base = new HashMap<>();
    base.put("region", KinesisEndpoint.REGION);
    base.put("access-key-id", "test");
    base.put("secret-access-key", "test");
    base.put("dynamodb-endpoint", dynalite.uri().toString());
    base.put("lease-table", table);
    DynamoDbCheckpointStoreFactory f = new DynamoDbCheckpointStoreFactory();
    try (DynamoDbCheckpointStore s = (DynamoDbCheckpointStore) f.create(config(base))) {
      assertThat(s.table()).isEqualTo(table);
      assertThat(s.isDurable()).isTrue();
      assertThat(s.leaseSettings()).isEqualTo(new LeaseSettings(Duration.ofSeconds(10),
          Duration.ofSeconds(10).dividedBy(3), Duration.ofSeconds(5), 1));
      assertThat(s.workerId()).contains(":" + ProcessHandle.current().pid() + ":");
      assertThat(s.toString()).doesNotContain("test");
    }
    Map<String, String> bad = Map.of(
        "lease-failover-time", "soon",
        "lease-renew-interval", "6s",
        "lease-balance-interval", "11s",
        "lease-max-steals", "-1",
        "dynamodb-endpoint", "ftp://127.0.0.1",
        "lease-table", "x",
        "create-lease-table", "maybe",
        "dynamodb-region", "Not A Region");
    bad.forEach((k, v) -> {
      Map<String, String> c = new HashMap<>(base);
      c.put(k, v);
      assertThatThrownBy(() -> f.create(config(c))).as(k).isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("mq.kinesis." + k);
    });
    assertThat(f.configKeys()).contains("lease-table", "create-lease-table", "dynamodb-endpoint",
        "dynamodb-region", "lease-failover-time", "lease-renew-interval", "lease-balance-interval",
        "lease-max-steals");
    assertThat(Optional.of(f.name())).contains("dynamodb");
  }

  @Test
  void aBrokerWithTheDynamodbStoreDeclaresCompetingConsumersAcrossProcesses() {
    Map<String, String> c = new HashMap<>();
    c.put("mq.provider", "kinesis");
    c.put("mq.kinesis.endpoint", "http://127.0.0.1:9"); // not called by connect
    c.put("mq.kinesis.region", KinesisEndpoint.REGION);
    c.put("mq.kinesis.access-key-id", "test");
    c.put("mq.kinesis.secret-access-key", "test");
    dynalite.addStoreConfig(c, table, Duration.ofSeconds(3));
    try (dev.mq.Broker b = dev.mq.MessageQueues.connect(c)) {
      assertThat(b.capabilities()).contains(dev.mq.Capability.DISTRIBUTED_COMPETING_CONSUMERS,
          dev.mq.Capability.DURABLE);
    }
    assertThat(new dev.mq.kinesis.KinesisProvider().capabilities())
        .contains(dev.mq.Capability.DISTRIBUTED_COMPETING_CONSUMERS);
    assertThat(new dev.mq.kinesis.KinesisProvider().configKeys()).contains("lease-table", "lease-failover-time");
  }

  private static ProviderConfig config(Map<String, String> values) {
    Map<String, String> full = new HashMap<>();
    values.forEach((k, v) -> full.put("mq.kinesis." + k, v));
    return new ProviderConfig("kinesis", full, java.util.Set.of("secret-access-key"));
  }

  @Test
  void renewalsAndCheckpointsReadBackOnlyWhatTheyWroteNotTheRunsDoneAhead() {
    DynamoDbCheckpointStore a = store("a");
    a.create(stream, "g", "s", List.of());
    Lease held = a.take(stream, "g", a.list(stream, "g").get(0)).orElseThrow();
    List<DoneRange> runs = new ArrayList<>();
    for (int i = 0; i < DoneRange.MAX_RANGES; i++) {
      runs.add(new DoneRange(Checkpoint.afterRecord(Integer.toString(100 + 10 * i)),
          Checkpoint.afterRecord(Integer.toString(105 + 10 * i))));
    }
    assertThat(a.handOver(stream, "g", held, Checkpoint.afterRecord("10"), runs)).isTrue();

    List<java.util.Set<String>> returned = new java.util.concurrent.CopyOnWriteArrayList<>();
    DynamoDbClient watched = DynamoDbClient.builder()
        .endpointOverride(dynalite.uri())
        .region(software.amazon.awssdk.regions.Region.of(KinesisEndpoint.REGION))
        .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
            software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("test", "test")))
        .overrideConfiguration(o -> o.addExecutionInterceptor(new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
          @Override
          public void afterExecution(software.amazon.awssdk.core.interceptor.Context.AfterExecution context,
              software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
            if (context.response() instanceof software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse r) {
              returned.add(r.attributes().keySet());
            }
          }
        }))
        .build();
    DynamoDbCheckpointStore b = new DynamoDbCheckpointStore(watched, table, true, Duration.ofSeconds(30), "b",
        LeaseSettings.defaults());
    stores.add(b);
    Lease taken = b.take(stream, "g", b.list(stream, "g").get(0)).orElseThrow();
    assertThat(taken.doneAhead()).as("the next owner reads the runs once, when it takes the lease")
        .isEqualTo(runs);
    returned.clear();
    Lease renewed = b.renew(stream, "g", taken).orElseThrow();
    Lease checkpointed = b.checkpoint(stream, "g", renewed, Checkpoint.afterRecord("11"), false).orElseThrow();
    assertThat(returned).as("attributes read back by a renewal and a checkpoint").hasSize(2)
        .allSatisfy(keys -> assertThat(keys).doesNotContain(LeaseItems.DONE_AHEAD));
    assertThat(renewed.counter()).isEqualTo(taken.counter() + 1);
    assertThat(renewed.doneAhead()).as("still known from the take").isEqualTo(runs);
    assertThat(checkpointed.checkpoint()).isEqualTo(Checkpoint.afterRecord("11"));
    assertThat(checkpointed.counter()).isEqualTo(renewed.counter());
    assertThat(b.list(stream, "g").get(0)).isEqualTo(checkpointed);

    // a request to hand over is still seen by the next renewal
    assertThat(a.requestHandOver(stream, "g", checkpointed)).isTrue();
    Lease asked = b.renew(stream, "g", checkpointed).orElseThrow();
    assertThat(asked.handoffTo()).isEqualTo("a");
    assertThat(asked.counter()).isEqualTo(checkpointed.counter() + 1);
  }
}
