package dev.mq.kinesis.internal;

import dev.mq.BatchPushException;
import dev.mq.Envelope;
import dev.mq.MessagingException;
import dev.mq.kinesis.internal.codec.RecordCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordRequest;

/** The queue's writer. Interim: one PutRecord per envelope until the producer package lands. */
public final class ProducerWriter implements RecordWriter {

  /** Producer keys under {@code mq.kinesis.}. */
  public static final Set<String> CONFIG_KEYS = Set.of();

  private final KinesisClient client;

  private ProducerWriter(KinesisClient client) {
    this.client = client;
  }

  static ProducerWriter create(KinesisClient client, KinesisSettings settings) {
    return new ProducerWriter(client);
  }

  static String partitionKey(Envelope e) {
    String k = e.partitionKey().orElse(e.messageId());
    return k.length() <= 256 ? k : k.substring(0, 256);
  }

  @Override
  public long sizeOf(Envelope e) {
    return RecordCodec.encodedSize(e) + partitionKey(e).getBytes(StandardCharsets.UTF_8).length;
  }

  @Override
  public void put(String stream, Envelope e) {
    try {
      client.putRecord(PutRecordRequest.builder().streamName(stream).partitionKey(partitionKey(e))
          .data(SdkBytes.fromByteArrayUnsafe(RecordCodec.encode(e))).build());
    } catch (SdkException ex) {
      throw new MessagingException("could not write " + e + " to stream " + stream + ": " + ex.getMessage(), ex);
    }
  }

  @Override
  public void putAll(String stream, List<Envelope> envelopes) {
    List<BatchPushException.Failure> failures = new ArrayList<>();
    for (Envelope e : envelopes) {
      if (!failures.isEmpty()) {
        failures.add(new BatchPushException.Failure(e, new MessagingException("not attempted")));
        continue;
      }
      try {
        put(stream, e);
      } catch (MessagingException ex) {
        failures.add(new BatchPushException.Failure(e, ex));
      }
    }
    if (!failures.isEmpty()) {
      throw new BatchPushException(envelopes.size(), failures);
    }
  }

  @Override
  public void close() {
    // the client belongs to the broker
  }
}
