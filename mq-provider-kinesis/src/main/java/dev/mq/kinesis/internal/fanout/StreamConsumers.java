package dev.mq.kinesis.internal.fanout;

import dev.mq.MessagingException;
import dev.mq.kinesis.internal.config.StreamArns;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerDescription;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

/**
 * Registers a stream consumer, or reuses the one registered already (by another process of the
 * group, or an earlier run), and waits until it is ACTIVE. The broker never deregisters it: other
 * processes of the group may be reading with it.
 */
final class StreamConsumers {

  private static final Logger log = LoggerFactory.getLogger(StreamConsumers.class);
  private static final long POLL_MILLIS = 100;

  private StreamConsumers() {}

  /**
   * The ARN of the ACTIVE consumer {@code name} of {@code stream}.
   *
   * @throws MessagingException when the endpoint refuses (e.g. it has no enhanced fan-out), or
   *     the consumer is not ACTIVE within {@code timeout}
   */
  static String activeConsumerArn(KinesisClient client, String stream, String name, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String streamArn;
    try {
      streamArn = StreamArns.isArn(stream) ? stream
          : client.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary()
              .streamARN();
    } catch (SdkException e) {
      throw new MessagingException("cannot describe stream " + stream + " to register its "
          + "fan-out consumer " + name + ": " + e.getMessage(), e);
    }
    while (true) {
      ConsumerDescription consumer = describeOrRegister(client, stream, streamArn, name);
      if (consumer != null && consumer.consumerStatus() == ConsumerStatus.ACTIVE) {
        return consumer.consumerARN();
      }
      if (System.nanoTime() > deadline) {
        throw new MessagingException("the fan-out consumer " + name + " of stream " + stream
            + " is not ACTIVE within " + timeout + " (status "
            + (consumer == null ? "unknown" : consumer.consumerStatusAsString()) + ")");
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new MessagingException("interrupted while waiting for the fan-out consumer " + name
            + " of stream " + stream, e);
      }
    }
  }

  /** The consumer's description; registers it when missing. Null while it is being replaced. */
  private static ConsumerDescription describeOrRegister(KinesisClient client, String stream,
      String streamArn, String name) {
    try {
      try {
        return client.describeStreamConsumer(b -> b.streamARN(streamArn).consumerName(name))
            .consumerDescription();
      } catch (ResourceNotFoundException missing) {
        log.info("registering the fan-out consumer {} of stream {}", name, stream);
        client.registerStreamConsumer(b -> b.streamARN(streamArn).consumerName(name));
        return null; // CREATING: described again on the next round
      }
    } catch (ResourceInUseException e) {
      return null; // registered meanwhile by another process, or still being deleted: look again
    } catch (SdkException e) {
      throw new MessagingException("enhanced fan-out (mq.kinesis.retrieval=fan-out) could not "
          + "describe or register the stream consumer " + name + " of stream " + stream
          + "; the endpoint must support RegisterStreamConsumer and SubscribeToShard (kinesalite "
          + "does not): " + e.getMessage(), e);
    }
  }
}
