package dev.mq.benchmarks.internal.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;

/** The limiter on a real kinesalite: throttled entries are answered like the service and not written. */
class ShardLimiterTest {

  private static Server server;

  @BeforeAll
  static void start() {
    server = Server.start(Server.Kind.KINESALITE);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void entriesOverTheLimitFailWithThrottlingAndAreNotWrittenTheRestAre() {
    String stream = server.createStream("limiter", 1);
    String sink = server.createStream("limiter-sink", 1);
    AtomicLong clock = new AtomicLong();
    try (KinesisClient plain = server.client()) {
      ShardLimiter limiter = new ShardLimiter(stream,
          plain.listShards(b -> b.streamName(stream)).shards(), sink, clock::get);
      try (KinesisClient client = server.endpoint().syncClientBuilder()
          .overrideConfiguration(o -> o.addExecutionInterceptor(limiter)).build()) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
          entries.add(PutRecordsRequestEntry.builder().partitionKey("k" + i)
              .data(SdkBytes.fromUtf8String("r" + i)).build());
        }
        // the buckets start empty and the clock stands still: every entry is throttled
        PutRecordsResponse none = client.putRecords(b -> b.streamName(stream).records(entries));
        assertThat(none.failedRecordCount()).isEqualTo(500);
        assertThat(none.records()).hasSize(500).allSatisfy(r -> {
          assertThat(r.errorCode()).isEqualTo("ProvisionedThroughputExceededException");
          assertThat(r.sequenceNumber()).isNull();
        });

        clock.addAndGet(300_000_000L); // 300 ms: 300 records' worth
        PutRecordsResponse some = client.putRecords(b -> b.streamName(stream).records(entries));
        assertThat(some.failedRecordCount()).isEqualTo(200);
        for (int i = 0; i < 500; i++) {
          if (i < 300) {
            assertThat(some.records().get(i).errorCode()).isNull();
            assertThat(some.records().get(i).sequenceNumber()).isNotNull();
          } else {
            assertThat(some.records().get(i).errorCode())
                .isEqualTo("ProvisionedThroughputExceededException");
          }
        }
        assertThat(limiter.admitted()).isEqualTo(300);
        assertThat(limiter.throttled()).isEqualTo(700);

        List<String> read = new ArrayList<>();
        SdkLoops.readAllRaw(plain, stream, 300, Duration.ofSeconds(60),
            data -> read.add(data.asUtf8String()));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
          expected.add("r" + i);
        }
        assertThat(read).as("exactly the admitted records, once").containsExactlyElementsOf(expected);
      }
    } finally {
      server.deleteStream(stream);
      server.deleteStream(sink);
    }
  }

  @Test
  void theByteLimitBindsForLargeRecords() {
    String stream = server.createStream("limiter-bytes", 1);
    String sink = server.createStream("limiter-bytes-sink", 1);
    AtomicLong clock = new AtomicLong();
    try (KinesisClient plain = server.client()) {
      ShardLimiter limiter = new ShardLimiter(stream,
          plain.listShards(b -> b.streamName(stream)).shards(), sink, clock::get);
      try (KinesisClient client = server.endpoint().syncClientBuilder()
          .overrideConfiguration(o -> o.addExecutionInterceptor(limiter)).build()) {
        clock.addAndGet(1_000_000_000L); // a full second: 1,000 records and 1 MiB
        byte[] data = new byte[100 * 1024 - 1]; // with the 1-character key: 100 KiB a record
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
          entries.add(PutRecordsRequestEntry.builder().partitionKey("k")
              .data(SdkBytes.fromByteArray(data)).build());
        }
        PutRecordsResponse r = client.putRecords(b -> b.streamName(stream).records(entries));
        assertThat(r.failedRecordCount()).as("1 MiB holds 10 records of 100 KiB").isEqualTo(2);
        assertThat(r.records().subList(10, 12))
            .allSatisfy(e -> assertThat(e.errorCode()).isEqualTo("ProvisionedThroughputExceededException"));
      }
    } finally {
      server.deleteStream(stream);
      server.deleteStream(sink);
    }
  }

  @Test
  void aSinglePutRecordOverTheLimitThrowsThrottlingAndOtherStreamsPass() {
    String stream = server.createStream("limiter-single", 1);
    String other = server.createStream("limiter-other", 1);
    try (KinesisClient plain = server.client()) {
      ShardLimiter limiter = new ShardLimiter(stream,
          plain.listShards(b -> b.streamName(stream)).shards(), other, () -> 0L);
      try (KinesisClient client = server.endpoint().syncClientBuilder()
          .overrideConfiguration(o -> o.addExecutionInterceptor(limiter)).build()) {
        assertThatThrownBy(() -> client.putRecord(b -> b.streamName(stream).partitionKey("k")
            .data(SdkBytes.fromUtf8String("x"))))
            .isInstanceOf(ProvisionedThroughputExceededException.class);
        assertThat(limiter.throttled()).isEqualTo(1);
        // a stream that is not limited is untouched
        client.putRecord(b -> b.streamName(other).partitionKey("k").data(SdkBytes.fromUtf8String("y")));
        assertThat(limiter.admitted()).isZero();
      }
    } finally {
      server.deleteStream(stream);
      server.deleteStream(other);
    }
  }

  @Test
  void md5OfThePartitionKeyIsUnsigned128Bit() {
    BigInteger h = ShardLimiter.md5("key-1");
    assertThat(h.signum()).isPositive();
    assertThat(h.bitLength()).isLessThanOrEqualTo(128);
    // MD5("") = d41d8cd98f00b204e9800998ecf8427e
    assertThat(ShardLimiter.md5("")).isEqualTo(new BigInteger("d41d8cd98f00b204e9800998ecf8427e", 16));
  }

}
