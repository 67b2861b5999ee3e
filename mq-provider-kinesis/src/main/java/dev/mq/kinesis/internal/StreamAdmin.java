package dev.mq.kinesis.internal;

import dev.mq.ConfigurationException;
import dev.mq.MessagingException;
import dev.mq.kinesis.internal.config.KinesisConfig;
import dev.mq.kinesis.internal.config.StreamArns;
import dev.mq.kinesis.internal.config.StreamMode;
import dev.mq.kinesis.internal.config.StreamSettings;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.CreateStreamRequest;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamSummaryRequest;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.StreamModeDetails;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Makes sure a stream exists before a queue uses it: creates it when
 * {@code mq.kinesis.create-streams} is on, otherwise fails naming it. Remembers streams seen
 * ready, so that this costs one call per stream per broker.
 */
final class StreamAdmin {

  private static final Logger log = LoggerFactory.getLogger(StreamAdmin.class);
  private static final Duration STATUS_POLL = Duration.ofMillis(100);

  private final KinesisClient client;
  private final StreamSettings settings;
  private final Set<String> ready = ConcurrentHashMap.newKeySet();

  StreamAdmin(KinesisClient client, StreamSettings settings) {
    this.client = client;
    this.settings = settings;
  }

  /**
   * Returns when {@code stream} exists and can be read and written.
   *
   * @throws ConfigurationException when it is missing and may not be created
   * @throws MessagingException when Kinesis cannot be asked or the stream does not become ready
   */
  void ensure(String stream, String queue) {
    if (ready.contains(stream)) {
      return;
    }
    long deadline = System.nanoTime() + settings.streamReadyTimeout().toNanos();
    boolean created = false;
    while (true) {
      StreamStatus status;
      try {
        DescribeStreamSummaryRequest.Builder b = DescribeStreamSummaryRequest.builder();
        status = client.describeStreamSummary((StreamArns.isArn(stream) ? b.streamARN(stream)
            : b.streamName(stream)).build()).streamDescriptionSummary().streamStatus();
      } catch (ResourceNotFoundException e) {
        if (StreamArns.isArn(stream)) {
          throw new ConfigurationException("stream " + stream + " (queue " + queue + ") does not "
              + "exist or is not readable with these credentials; streams named by ARN ("
              + settings.fullKey(KinesisConfig.STREAM_ARNS) + ") are never created");
        }
        if (!settings.createStreams()) {
          throw new ConfigurationException("stream " + stream + " (queue " + queue + ") does not exist "
              + "and " + settings.fullKey(KinesisConfig.CREATE_STREAMS) + " is false; create "
              + "the stream or set that key to true");
        }
        // a create refused for the account's limit of concurrent creates is tried again at the
        // next poll, within the stream-ready timeout (20 queues opened at once hit it)
        if (!created) {
          created = create(stream);
        }
        status = StreamStatus.CREATING;
      } catch (SdkException e) {
        throw new MessagingException("cannot describe stream " + stream + ": " + e.getMessage(), e);
      }
      if (status == StreamStatus.ACTIVE || status == StreamStatus.UPDATING) {
        ready.add(stream);
        return;
      }
      if (status == StreamStatus.DELETING) {
        throw new MessagingException("stream " + stream + " (queue " + queue + ") is being deleted");
      }
      if (System.nanoTime() > deadline) {
        throw new MessagingException("stream " + stream + " did not become active within "
            + settings.streamReadyTimeout() + " (status " + status + "); see "
            + settings.fullKey(KinesisConfig.STREAM_READY_TIMEOUT));
      }
      sleep();
    }
  }

  /** True when the stream is being created (here or elsewhere); false to try again later. */
  private boolean create(String stream) {
    try {
      client.createStream(createRequest(stream));
      log.info("created stream {} ({})", stream, settings.streamMode() == StreamMode.ON_DEMAND
          ? "on-demand" : settings.shards() + " shard(s)");
      return true;
    } catch (ResourceInUseException e) {
      log.debug("stream {} is being created by someone else", stream);
      return true;
    } catch (LimitExceededException e) {
      log.debug("creating stream {} must wait: {}", stream, e.getMessage());
      return false;
    } catch (SdkException e) {
      throw new MessagingException("cannot create stream " + stream + ": " + e.getMessage(), e);
    }
  }

  /** On-demand: the mode and no shard count (Kinesis picks it); provisioned: the count alone. */
  CreateStreamRequest createRequest(String stream) {
    CreateStreamRequest.Builder b = CreateStreamRequest.builder().streamName(stream);
    if (settings.streamMode() == StreamMode.ON_DEMAND) {
      return b.streamModeDetails(StreamModeDetails.builder()
          .streamMode(software.amazon.awssdk.services.kinesis.model.StreamMode.ON_DEMAND).build())
          .build();
    }
    return b.shardCount(settings.shards()).build();
  }

  private static void sleep() {
    try {
      Thread.sleep(STATUS_POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MessagingException("interrupted while waiting for a stream to become active", e);
    }
  }
}
