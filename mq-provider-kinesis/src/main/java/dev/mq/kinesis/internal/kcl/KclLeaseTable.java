package dev.mq.kinesis.internal.kcl;

import dev.mq.ConfigurationException;
import dev.mq.kinesis.checkpoint.CheckpointStoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/** Reads a KCL lease table, never writes it. Needs {@code dynamodb:Scan} on the table. */
final class KclLeaseTable {

  private final DynamoDbClient client;
  private final String table;
  private final String tableKey;

  /** {@code tableKey}: the key that named the table, for errors. */
  KclLeaseTable(DynamoDbClient client, String table, String tableKey) {
    this.client = client;
    this.table = table;
    this.tableKey = tableKey;
  }

  /**
   * Every lease of the table (a strongly consistent scan, page by page), without the KCL 3
   * coordinator items that share the table.
   *
   * @throws ConfigurationException when the table does not exist
   * @throws CheckpointStoreException when it cannot be read or an item is malformed
   */
  List<KclLease> read() {
    List<KclLease> out = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    try {
      do {
        ScanRequest.Builder b = ScanRequest.builder().tableName(table).consistentRead(true);
        if (start != null) {
          b.exclusiveStartKey(start);
        }
        ScanResponse r = client.scan(b.build());
        r.items().stream().filter(KclLease::isLease).forEach(item -> out.add(KclLease.parse(item, table)));
        start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
      } while (start != null);
    } catch (ResourceNotFoundException e) {
      throw new ConfigurationException("the KCL lease table " + table + " (" + tableKey + ") does not "
          + "exist: set " + tableKey + " to the application name of the KCL application, whose lease "
          + "table has that name, in the DynamoDB region and endpoint of this provider "
          + "(mq.kinesis.dynamodb-region, mq.kinesis.dynamodb-endpoint)", e);
    } catch (SdkException e) {
      throw new CheckpointStoreException("could not read the KCL lease table " + table + ": " + e.getMessage(), e);
    }
    return out;
  }
}
