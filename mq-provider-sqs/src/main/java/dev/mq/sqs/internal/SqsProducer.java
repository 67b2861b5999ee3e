package dev.mq.sqs.internal;

import dev.mq.BatchPushException;
import dev.mq.Envelope;
import dev.mq.MessageTooLargeException;
import dev.mq.MessagingException;
import dev.mq.PushOutcomeUnknownException;
import dev.mq.spi.Backoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Writes envelopes to SQS queues: SendMessage for one, SendMessageBatch (at most
 * {@code producer-batch-size} entries and {@code max-message-size} bytes per call) for several.
 * Whole calls are retried by the SDK (throttling, 5xx, I/O); entries that fail on their own
 * without a sender fault are retried here with back-off and jitter, up to {@code
 * request-attempts} rounds.
 */
final class SqsProducer {

  private final SqsAsyncClient client;
  private final QueueDirectory directory;
  private final SqsConfig config;
  private final Backoff backoff = new Backoff(Duration.ofMillis(50), Duration.ofSeconds(2));

  SqsProducer(SqsAsyncClient client, QueueDirectory directory, SqsConfig config) {
    this.client = client;
    this.directory = directory;
    this.config = config;
  }

  /**
   * The record of {@code e}, checked against {@code limit} as SQS counts a message's size.
   *
   * @throws MessageTooLargeException stating the size and the limit
   */
  static byte[] encode(Envelope e, int limit) {
    byte[] record = EnvelopeCodec.encode(e);
    int size = EnvelopeCodec.sqsSize(record);
    if (size > limit) {
      throw new MessageTooLargeException(e.messageId(), size, limit);
    }
    return record;
  }

  /**
   * Writes one message.
   *
   * @throws PushOutcomeUnknownException when it may have been written all the same
   * @throws MessagingException when it was not written
   */
  void send(String sqsName, boolean fifo, Envelope e, byte[] record) {
    String url = directory.url(sqsName);
    SendMessageRequest.Builder req = SendMessageRequest.builder().queueUrl(url)
        .messageBody(EnvelopeCodec.BODY_TEXT).messageAttributes(EnvelopeCodec.attributes(record));
    if (fifo) {
      req.messageGroupId(FifoIds.groupId(e)).messageDeduplicationId(FifoIds.newDeduplicationId());
    }
    try {
      Calls.await(client.sendMessage(req.build()));
    } catch (Calls.SdkFailure f) {
      throw pushFailure(directory, sqsName, e, f.getCause());
    }
  }

  /**
   * Writes several messages, in order, in batches.
   *
   * @throws BatchPushException listing exactly the envelopes not confirmed written
   */
  void sendAll(String sqsName, boolean fifo, List<Envelope> envelopes, List<byte[]> records) {
    List<BatchPushException.Failure> failures = new ArrayList<>();
    int i = 0;
    int n = envelopes.size();
    while (i < n) {
      int end = i;
      long bytes = 0;
      while (end < n && end - i < config.producerBatchSize()
          && (end == i || bytes + EnvelopeCodec.sqsSize(records.get(end)) <= config.maxMessageSize())) {
        bytes += EnvelopeCodec.sqsSize(records.get(end));
        end++;
      }
      List<BatchPushException.Failure> chunkFailures =
          sendBatch(sqsName, fifo, envelopes.subList(i, end), records.subList(i, end));
      failures.addAll(chunkFailures);
      i = end;
      if (!chunkFailures.isEmpty() && i < n) {
        // later batches may hold later messages of a failed one's key: stop, so that none of
        // them is written before it
        MessagingException skipped = new MessagingException("not attempted: an earlier batch of this pushAll failed");
        for (int j = i; j < n; j++) {
          failures.add(new BatchPushException.Failure(envelopes.get(j), skipped));
        }
        break;
      }
    }
    if (!failures.isEmpty()) {
      throw new BatchPushException(n, failures);
    }
  }

  private List<BatchPushException.Failure> sendBatch(String sqsName, boolean fifo, List<Envelope> envelopes,
      List<byte[]> records) {
    String url;
    try {
      url = directory.url(sqsName);
    } catch (MessagingException e) {
      return envelopes.stream().map(env -> new BatchPushException.Failure(env, e)).toList();
    }
    Map<String, Integer> pending = new HashMap<>();
    for (int k = 0; k < envelopes.size(); k++) {
      pending.put(Integer.toString(k), k);
    }
    Map<Integer, Throwable> failed = new HashMap<>();
    // one deduplication id per envelope for all rounds: a retried entry SQS may have taken is
    // written once
    String[] deduplicationIds = new String[envelopes.size()];
    for (int k = 0; k < deduplicationIds.length; k++) {
      deduplicationIds[k] = FifoIds.newDeduplicationId();
    }
    for (int round = 1; !pending.isEmpty(); round++) {
      List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
      for (Map.Entry<String, Integer> p : pending.entrySet()) {
        Envelope e = envelopes.get(p.getValue());
        SendMessageBatchRequestEntry.Builder b = SendMessageBatchRequestEntry.builder().id(p.getKey())
            .messageBody(EnvelopeCodec.BODY_TEXT).messageAttributes(EnvelopeCodec.attributes(records.get(p.getValue())));
        if (fifo) {
          b.messageGroupId(FifoIds.groupId(e)).messageDeduplicationId(deduplicationIds[p.getValue()]);
        }
        entries.add(b.build());
      }
      entries.sort((a, b) -> Integer.compare(Integer.parseInt(a.id()), Integer.parseInt(b.id())));
      SendMessageBatchResponse response;
      try {
        response = Calls.await(client.sendMessageBatch(r -> r.queueUrl(url).entries(entries)));
      } catch (Calls.SdkFailure f) {
        for (Integer k : pending.values()) {
          failed.put(k, pushFailure(directory, sqsName, envelopes.get(k), f.getCause()));
        }
        break;
      }
      response.successful().forEach(s -> pending.remove(s.id()));
      List<BatchResultErrorEntry> retry = new ArrayList<>();
      for (BatchResultErrorEntry err : response.failed()) {
        Integer k = pending.get(err.id());
        if (k == null) {
          continue;
        }
        if (Boolean.TRUE.equals(err.senderFault()) || round >= config.requestAttempts()) {
          pending.remove(err.id());
          failed.put(k, new MessagingException("SQS refused message " + envelopes.get(k).messageId()
              + " for " + sqsName + ": " + err.code() + ": " + err.message()));
        } else {
          retry.add(err);
        }
      }
      if (!pending.isEmpty() && retry.isEmpty()) {
        // neither successful nor failed: SQS did not answer for them
        for (Integer k : pending.values()) {
          failed.put(k, new PushOutcomeUnknownException("SQS did not report on message "
              + envelopes.get(k).messageId() + " of a batch to " + sqsName));
        }
        break;
      }
      if (!pending.isEmpty() && !sleepBefore(round)) {
        for (Integer k : pending.values()) {
          failed.put(k, new MessagingException("interrupted before retrying a batch entry for " + sqsName));
        }
        break;
      }
    }
    List<BatchPushException.Failure> out = new ArrayList<>();
    for (int k = 0; k < envelopes.size(); k++) {
      Throwable t = failed.get(k);
      if (t != null) {
        out.add(new BatchPushException.Failure(envelopes.get(k), t));
      }
    }
    return out;
  }

  /**
   * The exception of a push that SQS did not take: a missing queue (forgotten by the directory so
   * that the next push looks it up again), an unknown outcome, or a refusal. Shared with
   * {@link AsyncPusher}.
   */
  static MessagingException pushFailure(QueueDirectory directory, String sqsName, Envelope e,
      Throwable cause) {
    if (QueueDirectory.isMissing(cause)) {
      directory.forget(sqsName);
      return new MessagingException("the SQS queue " + sqsName + " does not exist; message "
          + e.messageId() + " was not written", cause);
    }
    if (Calls.outcomeUnknown(cause)) {
      return new PushOutcomeUnknownException("message " + e.messageId() + " to " + sqsName
          + " may or may not have been written: " + cause.getMessage(), cause);
    }
    return new MessagingException("SQS did not accept message " + e.messageId() + " for " + sqsName
        + ": " + cause.getMessage(), cause);
  }

  /** Sleeps the back-off before retry {@code round}; false when interrupted (the flag set again). */
  private boolean sleepBefore(int round) {
    try {
      TimeUnit.NANOSECONDS.sleep(backoff.delayNanos(round));
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
