package dev.mq.kinesis.internal.kcl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * A KCL 3 lease table holds more than leases: the KCL keeps its coordinator state (leader lock,
 * version migration, per-worker metrics) in the same table, each such item marked by an
 * {@code entityType} other than {@code LEASE}. Only leases are read.
 */
class KclLeaseTableTest {

  @Test
  void coordinatorStateItemsOfKcl3AreNotLeases() {
    Map<String, AttributeValue> kcl2Lease = Map.of(
        "leaseKey", AttributeValue.fromS("shardId-000000000000"),
        "leaseCounter", AttributeValue.fromN("7"),
        "checkpoint", AttributeValue.fromS("TRIM_HORIZON"));
    Map<String, AttributeValue> kcl3Lease = Map.of(
        "leaseKey", AttributeValue.fromS("shardId-000000000001"),
        "leaseCounter", AttributeValue.fromN("3"),
        "checkpoint", AttributeValue.fromS("SHARD_END"),
        "entityType", AttributeValue.fromS("LEASE"));
    Map<String, AttributeValue> leader = Map.of(
        "leaseKey", AttributeValue.fromS("Leader"),
        "entityType", AttributeValue.fromS("LEADER"));
    Map<String, AttributeValue> workerMetrics = Map.of(
        "leaseKey", AttributeValue.fromS("app-worker"),
        "entityType", AttributeValue.fromS("WORKER_METRIC_STATS"),
        "leaseCounter", AttributeValue.fromN("1"));
    DynamoDbClient client = new DynamoDbClient() {
      @Override
      public ScanResponse scan(ScanRequest request) {
        return ScanResponse.builder().items(List.of(leader, kcl2Lease, workerMetrics, kcl3Lease))
            .build();
      }

      @Override
      public String serviceName() {
        return "dynamodb";
      }

      @Override
      public void close() {}
    };
    List<KclLease> leases = new KclLeaseTable(client, "app", "mq.kinesis.kcl-lease-table").read();
    assertThat(leases).extracting(KclLease::leaseKey)
        .containsExactly("shardId-000000000000", "shardId-000000000001");
  }
}
