package dev.mq.kinesis.internal.checkpoint;

import static dev.mq.kinesis.internal.checkpoint.LeaseItems.KEY;
import static dev.mq.kinesis.internal.checkpoint.LeaseItems.SHARD;

import dev.mq.kinesis.checkpoint.CheckpointStoreException;
import dev.mq.kinesis.internal.config.KinesisConfig;
import java.time.Duration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/** Checks, or creates, the DynamoDB lease table and waits until it is active. */
final class LeaseTableSetup {

  private static final Duration TABLE_POLL = Duration.ofMillis(200);

  private LeaseTableSetup() {}

  /**
   * Returns once the table is ACTIVE.
   *
   * @throws CheckpointStoreException when the table is missing and may not be created, or does
   *     not become active within {@code wait}
   */
  static void ensure(DynamoDbClient client, String table, boolean create, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    boolean createdHere = false;
    while (true) {
      TableStatus status;
      try {
        status = client.describeTable(b -> b.tableName(table)).table().tableStatus();
      } catch (ResourceNotFoundException e) {
        if (!create) {
          throw new CheckpointStoreException("the lease table " + table + " does not exist; create "
              + "it (see the provider's README) or set mq.kinesis."
              + KinesisConfig.CREATE_LEASE_TABLE + "=true");
        }
        if (!createdHere) {
          create(client, table);
          createdHere = true;
        }
        status = null;
      } catch (SdkException e) {
        throw new CheckpointStoreException("cannot read the lease table " + table + ": " + e.getMessage(), e);
      }
      if (status == TableStatus.ACTIVE) {
        return;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new CheckpointStoreException("the lease table " + table + " did not become ACTIVE within "
            + wait + "; last status " + status);
      }
      try {
        Thread.sleep(TABLE_POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CheckpointStoreException("interrupted while waiting for the lease table " + table, e);
      }
    }
  }

  private static void create(DynamoDbClient client, String table) {
    try {
      client.createTable(b -> b.tableName(table)
          .attributeDefinitions(
              AttributeDefinition.builder().attributeName(KEY).attributeType(ScalarAttributeType.S).build(),
              AttributeDefinition.builder().attributeName(SHARD).attributeType(ScalarAttributeType.S).build())
          .keySchema(
              KeySchemaElement.builder().attributeName(KEY).keyType(KeyType.HASH).build(),
              KeySchemaElement.builder().attributeName(SHARD).keyType(KeyType.RANGE).build())
          .billingMode(BillingMode.PAY_PER_REQUEST));
    } catch (ResourceInUseException e) {
      // another worker is creating it at the same moment
    } catch (SdkException e) {
      throw new CheckpointStoreException("cannot create the lease table " + table + ": " + e.getMessage(), e);
    }
  }
}
