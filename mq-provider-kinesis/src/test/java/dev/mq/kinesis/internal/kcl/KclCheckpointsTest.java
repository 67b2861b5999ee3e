package dev.mq.kinesis.internal.kcl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mq.ConfigurationException;
import dev.mq.kinesis.checkpoint.Checkpoint;
import dev.mq.kinesis.checkpoint.CheckpointStoreException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The KCL's lease items as the KCL writes them (attribute names of its
 * {@code DynamoDBLeaseSerializer}), their conversion to this provider's checkpoints, the rule that
 * tells a live lease from an expired one, and the choice of a stream's leases in multi-stream
 * mode.
 */
class KclCheckpointsTest {

  private static final String SEQ = "49590338271490256608559692538361571095921575989136588898";

  private static KclLease lease(String key, String owner, long counter, String checkpoint, long sub) {
    return new KclLease(key, owner, counter, checkpoint, sub, List.of());
  }

  private static Optional<Checkpoint> convert(String checkpoint, long sub) {
    return KclCheckpoints.convert(lease("shardId-000000000001", null, 3, checkpoint, sub), "app");
  }

  @Test
  void aSequenceNumberOfAPlainRecordIsThatRecordDoneAndNothingAfterIt() {
    // The KCL gives a record that is not an aggregate sub-sequence 0; "at(seq, 0)" skips exactly
    // sub-record 0, i.e. the whole plain record, and afterRecord would skip the rest of an
    // aggregate whose first user record the KCL checkpointed.
    Checkpoint cp = convert(SEQ, 0).orElseThrow();
    assertThat(cp).isEqualTo(Checkpoint.at(SEQ, 0));
    assertThat(cp.isWholeRecord()).isFalse();
    assertThat(cp).isNotEqualTo(Checkpoint.afterRecord(SEQ));
  }

  @Test
  void aSubSequenceNumberInsideAnAggregateKeepsTheUserRecordsAfterIt() {
    assertThat(convert(SEQ, 3)).contains(Checkpoint.at(SEQ, 3));
    assertThat(convert(SEQ, 3).orElseThrow()).isLessThan(Checkpoint.afterRecord(SEQ))
        .isGreaterThan(Checkpoint.at(SEQ, 2));
  }

  @Test
  void shardEndLetsTheChildrenBeRead() {
    assertThat(convert("SHARD_END", 0)).contains(Checkpoint.shardEnd());
  }

  @Test
  void trimHorizonReadsFromTheOldestRecordWhateverTheInitialPosition() {
    Checkpoint cp = convert("TRIM_HORIZON", 0).orElseThrow();
    assertThat(cp.isAtTimestamp()).isTrue();
    assertThat(cp.timestamp()).isEqualTo(Instant.EPOCH);
    assertThat(Checkpoint.parse(cp.toString())).as("stored and read back").isEqualTo(cp);
  }

  @Test
  void latestAndAtTimestampLeaveTheShardToTheInitialPosition() {
    assertThat(convert("LATEST", 0)).isEmpty();
    assertThat(convert("AT_TIMESTAMP", 0)).isEmpty();
  }

  @Test
  void anythingElseIsRefusedNamingTheLease() {
    assertThatThrownBy(() -> convert("12ab", 0)).isInstanceOf(CheckpointStoreException.class)
        .hasMessageContaining("shardId-000000000001").hasMessageContaining("app").hasMessageContaining("12ab");
    assertThatThrownBy(() -> convert(SEQ, -1)).isInstanceOf(CheckpointStoreException.class);
  }

  @Test
  void anItemIsReadWithTheKclsAttributeNames() {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("leaseKey", AttributeValue.fromS("shardId-000000000002"));
    item.put("leaseOwner", AttributeValue.fromS("worker-1"));
    item.put("leaseCounter", AttributeValue.fromN("42"));
    item.put("checkpoint", AttributeValue.fromS(SEQ));
    item.put("checkpointSubSequenceNumber", AttributeValue.fromN("5"));
    item.put("ownerSwitchesSinceCheckpoint", AttributeValue.fromN("0"));
    item.put("pendingCheckpoint", AttributeValue.fromS("1" + SEQ));
    item.put("parentShardId", AttributeValue.fromSs(List.of("shardId-000000000000")));
    item.put("childShardIds", AttributeValue.fromSs(List.of("shardId-000000000003")));
    KclLease l = KclLease.parse(item, "app");
    assertThat(l).isEqualTo(new KclLease("shardId-000000000002", "worker-1", 42, SEQ, 5,
        List.of("shardId-000000000000")));
    assertThat(KclCheckpoints.convert(l, "app")).as("the pending checkpoint is ignored")
        .contains(Checkpoint.at(SEQ, 5));
  }

  @Test
  void aMissingSubSequenceNumberIsZeroAndAMissingCounterIsMalformed() {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("leaseKey", AttributeValue.fromS("shardId-000000000002"));
    item.put("leaseCounter", AttributeValue.fromN("1"));
    item.put("checkpoint", AttributeValue.fromS("TRIM_HORIZON"));
    assertThat(KclLease.parse(item, "app").subSequenceNumber()).isZero();
    assertThat(KclLease.parse(item, "app").owner()).isNull();
    item.remove("leaseCounter");
    assertThatThrownBy(() -> KclLease.parse(item, "app")).isInstanceOf(CheckpointStoreException.class)
        .hasMessageContaining("leaseCounter").hasMessageContaining("shardId-000000000002");
  }

  @Test
  void aLeaseIsLiveWhenItHasAnOwnerAndItsCounterMoved() {
    KclLease renewed = lease("s1", "w1", 5, SEQ, 0);
    KclLease expired = lease("s2", "w2", 9, SEQ, 0);
    KclLease free = lease("s3", null, 1, SEQ, 0);
    KclLease taken = lease("s4", "w3", 1, "TRIM_HORIZON", 0);
    List<KclLease> first = List.of(renewed, expired, free);
    List<KclLease> second = List.of(lease("s1", "w1", 6, SEQ, 0), expired,
        lease("s3", null, 2, SEQ, 0), taken);
    assertThat(KclImport.live(first, second)).extracting(KclLease::leaseKey)
        .as("renewed, and created and taken meanwhile; not the expired nor the free one")
        .containsExactly("s1", "s4");
    assertThat(KclImport.live(first, first)).isEmpty();
  }

  @Test
  void multiStreamLeasesArePickedByStreamNameAndForAnArnByAccount() {
    List<KclLease> all = List.of(lease("111122223333:orders:1700000000:shardId-000000000000", null, 1, SEQ, 0),
        lease("111122223333:orders:1700000000:shardId-000000000001", null, 1, SEQ, 0),
        lease("111122223333:billing:1700000000:shardId-000000000000", null, 1, SEQ, 0),
        lease("999988887777:orders:1600000000:shardId-000000000000", null, 1, SEQ, 0));
    List<KclLease> ours = StreamLeases.of(all,
        "arn:aws:kinesis:us-east-1:111122223333:stream/orders", "app", "k");
    assertThat(ours).extracting(KclLease::shardId)
        .containsExactly("shardId-000000000000", "shardId-000000000001");
    assertThatThrownBy(() -> StreamLeases.of(all, "orders", "app", "k"))
        .as("two streams named orders").isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("several streams named orders");
    assertThatThrownBy(() -> StreamLeases.of(all, "payments", "app", "k"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("no lease of stream payments");
    List<KclLease> single = List.of(lease("shardId-000000000000", null, 1, SEQ, 0));
    assertThat(StreamLeases.of(single, "orders", "app", "k")).isEqualTo(single);
  }
}
