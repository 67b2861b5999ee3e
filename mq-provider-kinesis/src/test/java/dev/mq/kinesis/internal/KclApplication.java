package dev.mq.kinesis.internal;

import static org.assertj.core.api.Assertions.fail;

import dev.mq.kinesis.testing.Dynalite;
import dev.mq.kinesis.testing.KinesisEndpoint;
import dev.mq.kinesis.testing.TestTimeouts;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import java.util.LinkedHashSet;
import java.util.Set;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.exceptions.KinesisClientLibException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.kinesis.common.HashKeyRangeForLease;
import software.amazon.kinesis.leases.Lease;
import software.amazon.kinesis.leases.LeaseManagementConfig;
import software.amazon.kinesis.retrieval.kpl.ExtendedSequenceNumber;
import software.amazon.kinesis.leases.dynamodb.DynamoDBLeaseSerializer;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ProcessRecordsInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.metrics.MetricsLevel;
import software.amazon.kinesis.metrics.NullMetricsFactory;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.processor.SingleStreamTracker;
import software.amazon.kinesis.retrieval.KinesisClientRecord;
import software.amazon.kinesis.retrieval.polling.PollingConfig;

/**
 * A real Kinesis Client Library application for interop tests: one Scheduler (one worker) on
 * kinesis-local and dynalite, reading a stream from TRIM_HORIZON by polling, with metrics off
 * and short timings. Its processor collects every record it is handed and checkpoints at the
 * last record of each batch that {@code checkpointAt} accepts. Close it (in a finally or
 * {@code @AfterEach}) so that no KCL thread outlives the test. What stays after closing is the
 * KCL's own: the JVM-wide static pool of its lease assignment manager (as many idle threads as
 * processors, created once) and two idle daemon {@code LeaseDiscovery} threads.
 */
final class KclApplication implements AutoCloseable {

  /** KCL's failover time: leases are renewed about every third of it (475 ms). */
  private static final Duration FAILOVER = Duration.ofMillis(1500);
  private static final Duration STOP_WAIT = TestTimeouts.scaled(Duration.ofSeconds(20));

  /** One record as the KCL handed it to the processor. */
  record Received(String shardId, String sequenceNumber, long subSequenceNumber,
      String partitionKey, byte[] data, int indexInShard) {}

  /** One row of the KCL lease table. */
  record LeaseRow(String checkpoint, long subSequenceNumber, String owner, long counter) {}

  private final String name;
  private final Dynalite dynamo;
  private final Predicate<Received> checkpointAt;
  private final Queue<Received> received = new ConcurrentLinkedQueue<>();
  private final KinesisAsyncClient kinesis;
  private final DynamoDbAsyncClient dynamoDb;
  private final CloudWatchAsyncClient cloudWatch;
  private final Scheduler scheduler;
  private final Thread thread;

  private KclApplication(KinesisEndpoint endpoint, Dynalite dynamo, String stream,
      Predicate<Received> checkpointAt) {
    this.name = "kcl-app-" + UUID.randomUUID().toString().substring(0, 8);
    this.dynamo = dynamo;
    this.checkpointAt = checkpointAt;
    this.kinesis = endpoint.asyncClient();
    this.dynamoDb = DynamoDbAsyncClient.builder().endpointOverride(dynamo.uri())
        .region(Region.of(KinesisEndpoint.REGION)).credentialsProvider(credentials())
        .httpClientBuilder(NettyNioAsyncHttpClient.builder()).build();
    // never called with metrics off; pointed at a closed local port so nothing could leave
    this.cloudWatch = CloudWatchAsyncClient.builder().endpointOverride(URI.create("http://127.0.0.1:9"))
        .region(Region.of(KinesisEndpoint.REGION)).credentialsProvider(credentials())
        .httpClientBuilder(NettyNioAsyncHttpClient.builder()).build();
    this.scheduler = scheduler(stream);
    this.thread = new Thread(scheduler, name + "-scheduler");
    thread.setDaemon(true);
  }

  /** Starts an application (a fresh name, so fresh tables) reading {@code stream}. */
  static KclApplication start(KinesisEndpoint endpoint, Dynalite dynamo, String stream,
      Predicate<Received> checkpointAt) {
    KclApplication app = new KclApplication(endpoint, dynamo, stream, checkpointAt);
    try {
      app.createLeaseTable(endpoint, stream);
      app.thread.start();
    } catch (RuntimeException | AssertionError e) {
      app.close();
      throw e;
    }
    return app;
  }

  private Scheduler scheduler(String stream) {
    ConfigsBuilder configs = new ConfigsBuilder(new SingleStreamTracker(stream,
        InitialPositionInStreamExtended.newInitialPosition(InitialPositionInStream.TRIM_HORIZON)),
        name, kinesis, dynamoDb, cloudWatch, name + "-worker", Processor::new);
    LeaseManagementConfig leases = configs.leaseManagementConfig()
        .failoverTimeMillis(FAILOVER.toMillis())
        .shardSyncIntervalMillis(500)
        .leaseAssignmentIntervalMillis(500L)
        .listShardsBackoffTimeInMillis(200);
    leases.workerUtilizationAwareAssignmentConfig()
        .workerMetricsReporterFreqInMillis(500)
        .inMemoryWorkerMetricsCaptureFrequencyMillis(100);
    return new Scheduler(
        configs.checkpointConfig(),
        configs.coordinatorConfig()
            .parentShardPollIntervalMillis(100)
            .shardConsumerDispatchPollIntervalMillis(100)
            .schedulerInitializationBackoffTimeMillis(200),
        leases,
        configs.lifecycleConfig().taskBackoffTimeMillis(100),
        configs.metricsConfig().metricsLevel(MetricsLevel.NONE).metricsFactory(new NullMetricsFactory()),
        configs.processorConfig(),
        configs.retrievalConfig().retrievalSpecificConfig(
            new PollingConfig(stream, kinesis).idleTimeBetweenReadsInMillis(200)));
  }

  /**
   * Creates the lease table as KCL 3 wants it, with its index {@code LeaseOwnerToLeaseKeyIndex}
   * (key schemas from the KCL's own serializer), and a lease per shard at TRIM_HORIZON, written
   * with the KCL's own serializer as its shard sync writes them.
   *
   * <p>Why not let the KCL do both: it would add the index with UpdateTable, which dynalite
   * accepts and ignores (the KCL skips that step when the index exists); and a Scheduler that
   * finds its lease table empty waits a random 1 to 30 seconds (hard-coded) before its own shard
   * sync creates the leases, while it skips that wait when leases exist.
   */
  private void createLeaseTable(KinesisEndpoint endpoint, String stream) {
    DynamoDBLeaseSerializer serializer = new DynamoDBLeaseSerializer();
    Set<AttributeDefinition> attributes = new LinkedHashSet<>(serializer.getAttributeDefinitions());
    attributes.addAll(serializer.getWorkerIdToLeaseKeyIndexAttributeDefinitions());
    try (DynamoDbClient c = dynamo.client()) {
      c.createTable(b -> b.tableName(name)
          .keySchema(serializer.getKeySchema())
          .attributeDefinitions(attributes)
          .billingMode(BillingMode.PAY_PER_REQUEST)
          .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
              .indexName("LeaseOwnerToLeaseKeyIndex")
              .keySchema(serializer.getWorkerIdToLeaseKeyIndexKeySchema())
              .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY))
              .build()));
      ProviderTests.await("lease table " + name + " ACTIVE",
          () -> c.describeTable(b -> b.tableName(name)).table().tableStatus() == TableStatus.ACTIVE);
      try (KinesisClient k = endpoint.syncClient()) {
        for (Shard shard : k.listShards(b -> b.streamName(stream)).shards()) {
          Lease lease = new Lease();
          lease.leaseKey(shard.shardId());
          lease.checkpoint(ExtendedSequenceNumber.TRIM_HORIZON);
          lease.ownerSwitchesSinceCheckpoint(0L);
          lease.parentShardIds(shard.parentShardId() == null ? List.of() : List.of(shard.parentShardId()));
          lease.hashKeyRange(HashKeyRangeForLease.fromHashKeyRange(shard.hashKeyRange()));
          c.putItem(b -> b.tableName(name).item(serializer.toDynamoRecord(lease)));
        }
      }
    }
  }

  private static StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
  }

  /** The application name, which is also its lease table's name. */
  String leaseTable() {
    return name;
  }

  /** Every record handed to the processor so far, in the order handed. */
  List<Received> received() {
    return List.copyOf(received);
  }

  /** Waits until at least {@code n} records were handed over; fails with the count otherwise. */
  List<Received> awaitReceived(int n) {
    ProviderTests.await(n + " records handed to the KCL processor", () -> received.size() >= n,
        () -> "got " + received.size());
    return received();
  }

  /** The lease table's rows by lease key (the shard id). */
  Map<String, LeaseRow> leases() {
    Map<String, LeaseRow> out = new HashMap<>();
    try (DynamoDbClient c = dynamo.client()) {
      for (Map<String, AttributeValue> item : c.scanPaginator(b -> b.tableName(name).consistentRead(true)).items()) {
        out.put(item.get("leaseKey").s(), new LeaseRow(
            item.containsKey("checkpoint") ? item.get("checkpoint").s() : null,
            item.containsKey("checkpointSubSequenceNumber")
                ? Long.parseLong(item.get("checkpointSubSequenceNumber").n()) : 0,
            item.containsKey("leaseOwner") ? item.get("leaseOwner").s() : null,
            item.containsKey("leaseCounter") ? Long.parseLong(item.get("leaseCounter").n()) : 0));
      }
    }
    return out;
  }

  /**
   * Waits until the lease table holds {@code expected} (shard id to checkpoint sequence number)
   * for every shard named there.
   */
  void awaitCheckpoints(Map<String, String> expected) {
    ProviderTests.await("the KCL checkpoints " + expected + " in " + name, () -> {
      Map<String, LeaseRow> rows = leases();
      return expected.entrySet().stream().allMatch(e -> rows.containsKey(e.getKey())
          && e.getValue().equals(rows.get(e.getKey()).checkpoint()));
    }, () -> "lease table: " + leases());
  }

  /**
   * Stops the application: a graceful shutdown (bounded), then a hard one, then waits for the
   * scheduler's thread. Idempotent.
   */
  void stop() {
    if (thread.getState() == Thread.State.NEW) {
      return; // never started
    }
    boolean stopped = false;
    if (!scheduler.hasGracefulShutdownStarted() && thread.isAlive()) {
      try {
        stopped = scheduler.startGracefulShutdown().get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        // the hard shutdown below
      }
    }
    if (!stopped) {
      scheduler.shutdown();
    }
    try {
      thread.join(STOP_WAIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      fail("the KCL scheduler of " + name + " did not stop within " + STOP_WAIT);
    }
  }

  @Override
  public void close() {
    try {
      stop();
    } finally {
      kinesis.close();
      dynamoDb.close();
      cloudWatch.close();
    }
  }



  /** The KCL record processor: collects, and checkpoints where {@code checkpointAt} says. */
  private final class Processor implements ShardRecordProcessor {
    private String shardId;
    private int index;

    @Override
    public void initialize(InitializationInput input) {
      shardId = input.shardId();
    }

    @Override
    public void processRecords(ProcessRecordsInput input) {
      Received last = null;
      for (KinesisClientRecord r : input.records()) {
        ByteBuffer data = r.data().duplicate();
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        Received got = new Received(shardId, r.sequenceNumber(), r.subSequenceNumber(),
            r.partitionKey(), bytes, index++);
        received.add(got);
        if (checkpointAt.test(got)) {
          last = got;
        }
      }
      if (last != null) {
        try {
          input.checkpointer().checkpoint(last.sequenceNumber(), last.subSequenceNumber());
        } catch (KinesisClientLibException e) {
          throw new IllegalStateException("checkpoint at " + last.sequenceNumber() + " failed", e);
        }
      }
    }

    @Override
    public void leaseLost(LeaseLostInput input) {
      // nothing to flush
    }

    @Override
    public void shardEnded(ShardEndedInput input) {
      try {
        input.checkpointer().checkpoint(); // the KCL requires it to move on to child shards
      } catch (KinesisClientLibException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void shutdownRequested(ShutdownRequestedInput input) {
      // no checkpoint on shutdown: the tests decide where the checkpoints are
    }
  }

  /** Copies for assertions and messages: the shard's records in order, by shard. */
  static Map<String, List<Received>> byShard(List<Received> records) {
    Map<String, List<Received>> out = new HashMap<>();
    records.forEach(r -> out.computeIfAbsent(r.shardId(), k -> new ArrayList<>()).add(r));
    return out;
  }
}
