package dev.mq.kinesis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.kinesis.testing.KinesisEndpoint;
import dev.mq.kinesis.testing.KinesisEndpointExtension;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.Shard;

/** Expired iterators and throttled shards, injected into the provider's own client. */
@ExtendWith(KinesisEndpointExtension.class)
class ReadFaultsTest {

  @TempDir
  Path dir;

  @Test
  void anExpiredIteratorIsRenewedAfterTheLastRecordRead(KinesisEndpoint endpoint) {
    String stream = endpoint.createStream("expired", 1);
    FaultInjector faults = new FaultInjector();
    try (KinesisBroker broker = ProviderTests.connect(ProviderTests.config(endpoint, dir), faults)) {
      MessageQueue q = broker.queue(stream);
      for (int i = 0; i < 3; i++) {
        q.push(Envelope.of("before-" + i));
      }
      assertThat(ProviderTests.receiveAndAck(q, 3)).extracting(Envelope::bodyAsString)
          .containsExactly("before-0", "before-1", "before-2");
      int iteratorsBefore = faults.shardIteratorCalls();
      AtomicInteger calls = new AtomicInteger();
      // every other GetRecords finds its iterator expired
      faults.failWhen(c -> c.request() instanceof GetRecordsRequest && calls.incrementAndGet() % 2 == 1,
          c -> ExpiredIteratorException.builder().message("injected: iterator expired").build());
      for (int i = 0; i < 3; i++) {
        q.push(Envelope.of("after-" + i));
      }
      assertThat(ProviderTests.receiveAndAck(q, 3)).extracting(Envelope::bodyAsString)
          .as("renewed after the last record read: nothing lost, nothing read again")
          .containsExactly("after-0", "after-1", "after-2");
      ProviderTests.assertNothingMore(q);
      assertThat(faults.injected()).isPositive();
      assertThat(faults.shardIteratorCalls()).isGreaterThan(iteratorsBefore);
    }
  }

  @Test
  void aThrottledShardBacksOffAloneWhileOtherShardsKeepFlowing(KinesisEndpoint endpoint) throws Exception {
    String stream = endpoint.createStream("throttled", 2);
    List<Shard> shards;
    try (KinesisClient c = endpoint.syncClient()) {
      shards = c.listShards(ListShardsRequest.builder().streamName(stream).build()).shards();
    }
    String throttled = shards.get(0).shardId();
    FaultInjector faults = new FaultInjector();
    faults.failWhen(c -> c.request() instanceof GetRecordsRequest && throttled.equals(c.shardId()),
        c -> ProvisionedThroughputExceededException.builder().message("injected: throttled").build());
    try (KinesisBroker broker = ProviderTests.connect(ProviderTests.config(endpoint, dir), faults)) {
      MessageQueue q = broker.queue(stream);
      Set<String> onFreeShard = new HashSet<>();
      Set<String> onThrottledShard = new HashSet<>();
      for (int i = 0; i < 30; i++) {
        String key = "key-" + i;
        q.push(Envelope.builder().partitionKey(key).body(key).build());
        (shardOf(shards, kinesisKeyHash(key)).equals(throttled) ? onThrottledShard : onFreeShard).add(key);
      }
      assertThat(onFreeShard).isNotEmpty();
      assertThat(onThrottledShard).isNotEmpty();
      List<String> got = new ArrayList<>();
      ProviderTests.receiveAndAck(q, onFreeShard.size()).forEach(e -> got.add(e.bodyAsString()));
      assertThat(got).containsExactlyInAnyOrderElementsOf(onFreeShard);
      ProviderTests.assertNothingMore(q);
      assertThat(faults.injected()).as("the throttled shard was asked, and refused").isPositive();
      faults.stop();
      got.clear();
      ProviderTests.receiveAndAck(q, onThrottledShard.size()).forEach(e -> got.add(e.bodyAsString()));
      assertThat(got).containsExactlyInAnyOrderElementsOf(onThrottledShard);
    }
  }

  private static BigInteger kinesisKeyHash(String partitionKey) throws Exception {
    byte[] md5 = MessageDigest.getInstance("MD5").digest(partitionKey.getBytes(StandardCharsets.UTF_8));
    return new BigInteger(1, md5);
  }

  private static String shardOf(List<Shard> shards, BigInteger hash) {
    for (Shard s : shards) {
      BigInteger lo = new BigInteger(s.hashKeyRange().startingHashKey());
      BigInteger hi = new BigInteger(s.hashKeyRange().endingHashKey());
      if (hash.compareTo(lo) >= 0 && hash.compareTo(hi) <= 0) {
        return s.shardId();
      }
    }
    throw new AssertionError("no shard holds hash " + hash + " in " + Map.of("shards", shards));
  }
}
