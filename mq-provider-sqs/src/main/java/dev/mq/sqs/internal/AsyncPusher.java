package dev.mq.sqs.internal;

import dev.mq.Envelope;
import dev.mq.MessagingException;
import dev.mq.PushOutcomeUnknownException;
import dev.mq.spi.Backoff;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * {@code pushAsync} of one queue instance: envelopes wait in one lane, in call order, and go out
 * in SendMessageBatch calls of at most {@code producer-batch-size} entries and
 * {@code max-message-size} bytes, one call at a time, so that a key's messages are written in
 * call order. The first envelope waits at most {@code producer-linger} for others to fill its
 * batch; envelopes arriving while a call is in flight form the next batch. Entries that fail on
 * their own without a sender fault go back to the front of the lane, after a back-off, up to
 * {@code request-attempts} rounds; every future completes or fails, {@link #close} included.
 */
final class AsyncPusher {

  /** One envelope waiting to be written. */
  private static final class Pending {
    final Envelope envelope;
    final byte[] record;
    final CompletableFuture<Void> written = new CompletableFuture<>();
    /** Kept when the envelope goes back to the lane, so that a retry is written once. */
    final String deduplicationId = FifoIds.newDeduplicationId();
    int rounds;

    Pending(Envelope envelope, byte[] record) {
      this.envelope = envelope;
      this.record = record;
    }
  }

  private final SqsAsyncClient client;
  private final QueueDirectory directory;
  private final ScheduledExecutorService scheduler;
  private final SqsConfig config;
  private final String sqsName;
  private final boolean fifo;
  private final Backoff backoff = new Backoff(Duration.ofMillis(50), Duration.ofSeconds(2));

  private final ArrayDeque<Pending> lane = new ArrayDeque<>();
  private boolean inFlight;
  private ScheduledFuture<?> lingering;
  private boolean closed;

  AsyncPusher(SqsAsyncClient client, QueueDirectory directory, ScheduledExecutorService scheduler,
      SqsConfig config, String sqsName, boolean fifo) {
    this.client = client;
    this.directory = directory;
    this.scheduler = scheduler;
    this.config = config;
    this.sqsName = sqsName;
    this.fifo = fifo;
  }

  /** Queues one envelope (encoded and size-checked by the caller). */
  CompletableFuture<Void> submit(Envelope e, byte[] record) {
    Pending p = new Pending(e, record);
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("queue instance is closed");
      }
      lane.addLast(p);
      if (!inFlight) {
        if (lane.size() >= config.producerBatchSize() || config.producerLinger().isZero()) {
          sendNext();
        } else if (lingering == null) {
          lingering = scheduler.schedule(this::lingerEnded, config.producerLinger().toNanos(), TimeUnit.NANOSECONDS);
        }
      }
    }
    return p.written;
  }

  private synchronized void lingerEnded() {
    lingering = null;
    if (!inFlight && !lane.isEmpty()) {
      sendNext();
    }
  }

  /** Sends the next batch; under the monitor, with nothing in flight. */
  private void sendNext() {
    if (lingering != null) {
      lingering.cancel(false);
      lingering = null;
    }
    List<Pending> batch = new ArrayList<>();
    long bytes = 0;
    while (!lane.isEmpty() && batch.size() < config.producerBatchSize()) {
      int size = EnvelopeCodec.sqsSize(lane.peekFirst().record);
      if (!batch.isEmpty() && bytes + size > config.maxMessageSize()) {
        break;
      }
      bytes += size;
      batch.add(lane.pollFirst());
    }
    if (batch.isEmpty()) {
      return;
    }
    inFlight = true;
    String url;
    try {
      url = directory.url(sqsName);
    } catch (RuntimeException e) {
      batch.forEach(p -> p.written.completeExceptionally(e));
      run(this::continueSending);
      return;
    }
    List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      Pending p = batch.get(i);
      SendMessageBatchRequestEntry.Builder b = SendMessageBatchRequestEntry.builder().id(Integer.toString(i))
          .messageBody(EnvelopeCodec.BODY_TEXT).messageAttributes(EnvelopeCodec.attributes(p.record));
      if (fifo) {
        b.messageGroupId(FifoIds.groupId(p.envelope)).messageDeduplicationId(p.deduplicationId);
      }
      entries.add(b.build());
    }
    // completed on the scheduler, never inline: an immediate failure must not recurse through
    // the whole lane on this thread
    client.sendMessageBatch(r -> r.queueUrl(url).entries(entries))
        .whenComplete((response, error) -> run(() -> done(batch, response, error)));
  }

  private void done(List<Pending> batch, SendMessageBatchResponse response, Throwable error) {
    List<Pending> retry = new ArrayList<>();
    if (error != null) {
      Throwable cause = Calls.unwrap(error);
      for (Pending p : batch) {
        p.written.completeExceptionally(SqsProducer.pushFailure(directory, sqsName, p.envelope, cause));
      }
    } else {
      response.successful().forEach(s -> batch.get(Integer.parseInt(s.id())).written.complete(null));
      for (BatchResultErrorEntry err : response.failed()) {
        Pending p = batch.get(Integer.parseInt(err.id()));
        p.rounds++;
        if (Boolean.TRUE.equals(err.senderFault()) || p.rounds >= config.requestAttempts()) {
          p.written.completeExceptionally(new MessagingException("SQS refused message " + p.envelope.messageId()
              + " for " + sqsName + ": " + err.code() + ": " + err.message()));
        } else {
          retry.add(p);
        }
      }
      for (Pending p : batch) {
        if (!p.written.isDone() && !retry.contains(p)) {
          p.written.completeExceptionally(new PushOutcomeUnknownException("SQS did not report on message "
              + p.envelope.messageId() + " of a batch to " + sqsName));
        }
      }
    }
    if (retry.isEmpty()) {
      continueSending();
    } else {
      synchronized (this) {
        for (int i = retry.size() - 1; i >= 0; i--) {
          lane.addFirst(retry.get(i)); // before later messages: their keys' order is kept
        }
      }
      try {
        scheduler.schedule(this::continueSending, backoff.delayNanos(retry.get(0).rounds), TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException shutDown) {
        continueSending();
      }
    }
  }

  /** Runs {@code task} on the scheduler, or here once the scheduler has shut down. */
  private void run(Runnable task) {
    try {
      scheduler.execute(task);
    } catch (RejectedExecutionException shutDown) {
      task.run();
    }
  }

  private synchronized void continueSending() {
    inFlight = false;
    if (!lane.isEmpty()) {
      sendNext();
    }
    notifyAll();
  }



  /**
   * Refuses new envelopes and writes those waiting, for at most {@code timeout}; any still
   * waiting then fail with a {@link MessagingException} (not written); a call in flight completes
   * its futures when it ends (bounded by the request timeout). Nothing is left without an outcome.
   */
  void close(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean interrupted = false;
    synchronized (this) {
      closed = true;
      if (!inFlight && !lane.isEmpty()) {
        sendNext();
      }
      while ((inFlight || !lane.isEmpty()) && System.nanoTime() < deadline) {
        try {
          long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
          wait(Math.max(1, Math.min(left, 100)));
        } catch (InterruptedException e) {
          interrupted = true;
          break;
        }
      }
      for (Pending p : lane) {
        p.written.completeExceptionally(new MessagingException("queue instance closed before message "
            + p.envelope.messageId() + " was written to " + sqsName + "; it was not written"));
      }
      lane.clear();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
