package dev.mq.kinesis.internal.consumer;

import dev.mq.kinesis.checkpoint.Checkpoint;
import dev.mq.kinesis.internal.config.ReadSettings;
import dev.mq.kinesis.internal.config.StreamArns;
import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.KmsThrottlingException;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Reads a shard with GetShardIterator and GetRecords. An expired iterator is renewed after the
 * last record read (or at the start position when nothing was read yet). An iterator the broker
 * no longer knows is renewed the same way; when the resume position itself is gone (a broker
 * that lost data, or a position past the retention period), the shard is read from its oldest
 * record and records up to that position are skipped here, so a shard never stops for good and
 * nothing already read is delivered twice.
 */
public final class PollingShardFetcher implements ShardFetcher {

  private static final Logger log = LoggerFactory.getLogger(PollingShardFetcher.class);
  /** Kinesis allows 5 GetRecords calls per second per shard. */
  static final long MIN_CALL_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

  private final KinesisClient client;
  private final String stream;
  private final String shardId;
  private final StartPosition start;
  private final ReadSettings settings;
  private String iterator;
  private String lastReadSequence;
  private boolean ended;
  // Set after a fallback to TRIM_HORIZON: records at or below (or only below, for a position
  // inside an aggregate) this sequence number were read before.
  private BigInteger floor;
  private boolean floorInclusive;

  PollingShardFetcher(KinesisClient client, String stream, String shardId, StartPosition start,
      ReadSettings settings) {
    this.client = client;
    this.stream = stream;
    this.shardId = shardId;
    this.start = start;
    this.settings = settings;
  }

  /**
   * {@return the factory of a stream's polling fetchers}
   *
   * @param client the Kinesis client
   * @param stream the stream (name or ARN)
   * @param settings the read settings
   */
  public static ShardFetchers factory(KinesisClient client, String stream, ReadSettings settings) {
    return (shardId, start, wake) -> new PollingShardFetcher(client, stream, shardId, start, settings);
  }

  @Override
  public Fetch fetch(int maxRecords) {
    if (ended) {
      return Fetch.records(List.of(), true, true);
    }
    if (iterator == null) {
      iterator = newIterator();
      if (iterator == null) {
        ended = true;
        return Fetch.records(List.of(), true, true);
      }
    }
    GetRecordsResponse response;
    try {
      response = client.getRecords(GetRecordsRequest.builder()
          .shardIterator(iterator)
          // cross-account reads send the ARN with the iterator too
          .streamARN(StreamArns.isArn(stream) ? stream : null)
          .limit(Math.max(1, Math.min(settings.maxRecordsPerCall(), maxRecords)))
          .build());
    } catch (ExpiredIteratorException e) {
      log.debug("iterator of shard {} expired; renewing it from {}", shardId,
          lastReadSequence != null ? "after " + lastReadSequence : start);
      iterator = null;
      return Fetch.retry();
    } catch (ResourceNotFoundException | InvalidArgumentException e) {
      // e.g. a broker restarted without its iterators: retrying the same iterator cannot help
      log.warn("GetRecords on shard {} of stream {} was refused ({}); renewing the iterator", shardId,
          stream, e.getMessage());
      iterator = null;
      return Fetch.retry();
    } catch (ProvisionedThroughputExceededException | LimitExceededException | KmsThrottlingException e) {
      return Fetch.throttled();
    }
    List<Record> records = aboveFloor(response.records());
    String next = response.nextShardIterator();
    Long behind = response.millisBehindLatest();
    boolean caughtUp = records.isEmpty() && (behind == null || behind == 0);
    Fetch fetch = Fetch.records(records, caughtUp, next == null, behind);
    // moved on only once the fetch is made: an Error before leaves the iterator where it was
    if (!records.isEmpty()) {
      lastReadSequence = records.get(records.size() - 1).sequenceNumber();
    }
    iterator = next;
    ended = next == null;
    return fetch;
  }

  private String newIterator() {
    StartPosition from = lastReadSequence != null
        ? StartPosition.after(Checkpoint.afterRecord(lastReadSequence))
        : start;
    GetShardIteratorRequest.Builder request = GetShardIteratorRequest.builder().shardId(shardId);
    if (StreamArns.isArn(stream)) {
      request.streamARN(stream);
    } else {
      request.streamName(stream);
    }
    try {
      return client.getShardIterator(from.apply(request).build()).shardIterator();
    } catch (ResourceNotFoundException | InvalidArgumentException e) {
      Checkpoint position = from.checkpoint();
      if (position == null) {
        throw e; // no position of ours was refused: the shard or stream itself is gone
      }
      log.warn("the resume position {} of shard {} of stream {} is no longer on the stream ({}); "
          + "reading from its oldest record and skipping those up to that position", position,
          shardId, stream, e.getMessage());
      floor = new BigInteger(position.sequenceNumber());
      floorInclusive = position.isWholeRecord();
      return client.getShardIterator(request.shardIteratorType(ShardIteratorType.TRIM_HORIZON).build())
          .shardIterator();
    }
  }

  private List<Record> aboveFloor(List<Record> records) {
    if (floor == null || records.isEmpty()) {
      return records;
    }
    List<Record> kept = records.stream().filter(r -> {
      int c = new BigInteger(r.sequenceNumber()).compareTo(floor);
      return floorInclusive ? c > 0 : c >= 0;
    }).toList();
    if (kept.size() == records.size()) {
      floor = null; // past the old position: nothing more to skip
    }
    return kept;
  }

  @Override
  public long minIntervalNanos() {
    return MIN_CALL_INTERVAL_NANOS;
  }

  @Override
  public long idleIntervalNanos() {
    return settings.pollInterval().toNanos();
  }

  @Override
  public void close() {
    // nothing held: an iterator needs no release
  }
}
