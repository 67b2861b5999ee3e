package dev.mq.kinesis.internal.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mq.kinesis.checkpoint.Checkpoint;
import dev.mq.kinesis.internal.config.KinesisConfig;
import dev.mq.kinesis.internal.config.ReadSettings;
import dev.mq.spi.ProviderConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * A broker that forgets iterators or positions (kinesis-local after a restart that lost data)
 * must not stop a shard for good, nor deliver again what was read before.
 */
class PollingShardFetcherTest {

  private final ReadSettings settings = new KinesisConfig(
      ProviderConfig.of("kinesis", Map.of("mq.kinesis.region", "us-east-1"))).read();

  /** A one-shard broker holding records 1..5 that can be told to forget things. */
  private static class ForgetfulBroker implements KinesisClient {
    final List<GetShardIteratorRequest> iteratorRequests = new ArrayList<>();
    boolean forgetIterators;
    boolean forgetPositions;
    int issued;

    @Override
    public GetShardIteratorResponse getShardIterator(GetShardIteratorRequest r) {
      iteratorRequests.add(r);
      if (forgetPositions && r.shardIteratorType() != ShardIteratorType.TRIM_HORIZON) {
        throw ResourceNotFoundException.builder().message("Record for provided SequenceNumber not found").build();
      }
      long from = switch (r.shardIteratorType()) {
        case AFTER_SEQUENCE_NUMBER -> Long.parseLong(r.startingSequenceNumber()) + 1;
        case AT_SEQUENCE_NUMBER -> Long.parseLong(r.startingSequenceNumber());
        default -> 1;
      };
      return GetShardIteratorResponse.builder().shardIterator(++issued + ":" + from).build();
    }

    @Override
    public GetRecordsResponse getRecords(GetRecordsRequest r) {
      if (forgetIterators) {
        forgetIterators = false;
        throw ResourceNotFoundException.builder().message("Shard iterator not found").build();
      }
      long from = Long.parseLong(r.shardIterator().split(":")[1]);
      List<Record> records = new ArrayList<>();
      for (long s = from; s <= 5 && records.size() < r.limit(); s++) {
        records.add(Record.builder().sequenceNumber(Long.toString(s)).partitionKey("k")
            .data(SdkBytes.fromUtf8String("m" + s)).build());
      }
      long next = from + records.size();
      return GetRecordsResponse.builder().records(records).millisBehindLatest(next > 5 ? 0L : 1L)
          .nextShardIterator(++issued + ":" + next).build();
    }

    @Override
    public String serviceName() {
      return "kinesis";
    }

    @Override
    public void close() {}
  }

  private static List<String> sequences(Fetch f) {
    return f.records().stream().map(Record::sequenceNumber).toList();
  }

  @Test
  void anIteratorTheBrokerForgotIsRenewedAfterTheLastRecordRead() {
    ForgetfulBroker broker = new ForgetfulBroker();
    PollingShardFetcher fetcher = new PollingShardFetcher(broker, "s", "shard-0",
        StartPosition.trimHorizon(), settings);

    assertThat(sequences(fetcher.fetch(2))).containsExactly("1", "2");
    broker.forgetIterators = true;
    assertThat(fetcher.fetch(2).kind()).isEqualTo(Fetch.Kind.RETRY);
    assertThat(sequences(fetcher.fetch(10))).containsExactly("3", "4", "5");
    assertThat(broker.iteratorRequests).last().satisfies(r -> {
      assertThat(r.shardIteratorType()).isEqualTo(ShardIteratorType.AFTER_SEQUENCE_NUMBER);
      assertThat(r.startingSequenceNumber()).isEqualTo("2");
    });
  }

  @Test
  void aResumePositionTheBrokerLostFallsBackToTheOldestRecordSkippingWhatWasRead() {
    ForgetfulBroker broker = new ForgetfulBroker();
    PollingShardFetcher fetcher = new PollingShardFetcher(broker, "s", "shard-0",
        StartPosition.after(Checkpoint.afterRecord("2")), settings);
    broker.forgetPositions = true;

    assertThat(sequences(fetcher.fetch(2))).isEmpty(); // 1 and 2 were read before
    assertThat(sequences(fetcher.fetch(10))).containsExactly("3", "4", "5");
  }

  @Test
  void aPositionInsideAnAggregateKeepsThatRecordForItsRemainingSubRecords() {
    ForgetfulBroker broker = new ForgetfulBroker();
    PollingShardFetcher fetcher = new PollingShardFetcher(broker, "s", "shard-0",
        StartPosition.after(Checkpoint.at("3", 1)), settings);
    broker.forgetPositions = true;

    assertThat(sequences(fetcher.fetch(10))).containsExactly("3", "4", "5");
  }

  @Test
  void aShardThatIsGoneEntirelyIsReportedNotPapered() {
    ForgetfulBroker broker = new ForgetfulBroker() {
      @Override
      public GetShardIteratorResponse getShardIterator(GetShardIteratorRequest r) {
        throw ResourceNotFoundException.builder().message("Stream s not found").build();
      }
    };
    PollingShardFetcher fetcher = new PollingShardFetcher(broker, "s", "shard-0",
        StartPosition.trimHorizon(), settings);

    assertThatThrownBy(() -> fetcher.fetch(10)).isInstanceOf(ResourceNotFoundException.class);
  }
}
