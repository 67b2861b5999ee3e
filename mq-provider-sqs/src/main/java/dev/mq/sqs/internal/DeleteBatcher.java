package dev.mq.sqs.internal;

import dev.mq.MessagingException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;

/**
 * Acknowledgements of one queue instance as DeleteMessageBatch calls, group-commit style: with
 * no call in flight a delete goes out at once (no added latency); deletes arriving while one is in
 * flight go out together in the next call, up to ten. Each caller still waits for its own
 * message's result, so an acknowledgement has taken effect when {@code acknowledge} returns.
 */
final class DeleteBatcher {

  private record Entry(String receiptHandle, CompletableFuture<Void> done) {}

  private final SqsAsyncClient client;
  private final Executor completions;
  private final String url;
  private final ArrayDeque<Entry> waiting = new ArrayDeque<>();
  private boolean inFlight;

  DeleteBatcher(SqsAsyncClient client, Executor completions, String url) {
    this.client = client;
    this.completions = completions;
    this.url = url;
  }

  /** Deletes the message of {@code receiptHandle}; the future fails with the reason it did not. */
  CompletableFuture<Void> delete(String receiptHandle) {
    Entry e = new Entry(receiptHandle, new CompletableFuture<>());
    synchronized (this) {
      waiting.addLast(e);
      if (!inFlight) {
        sendNext();
      }
    }
    return e.done();
  }

  /**
   * Deletes the messages of {@code receiptHandles}, queued together so that they go out in as
   * few calls as SQS allows (ten per call); one future per handle, in order.
   */
  List<CompletableFuture<Void>> deleteAll(List<String> receiptHandles) {
    List<CompletableFuture<Void>> results = new ArrayList<>(receiptHandles.size());
    synchronized (this) {
      for (String handle : receiptHandles) {
        Entry e = new Entry(handle, new CompletableFuture<>());
        waiting.addLast(e);
        results.add(e.done());
      }
      if (!inFlight) {
        sendNext();
      }
    }
    return results;
  }

  /** Under the monitor, with nothing in flight. */
  private void sendNext() {
    List<Entry> batch = new ArrayList<>();
    while (!waiting.isEmpty() && batch.size() < SqsConfig.SQS_MAX_BATCH) {
      batch.add(waiting.pollFirst());
    }
    if (batch.isEmpty()) {
      return;
    }
    inFlight = true;
    List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
          .receiptHandle(batch.get(i).receiptHandle()).build());
    }
    client.deleteMessageBatch(r -> r.queueUrl(url).entries(entries))
        .whenComplete((response, error) -> run(() -> done(batch, response, error)));
  }

  private void done(List<Entry> batch, DeleteMessageBatchResponse response, Throwable error) {
    if (error != null) {
      Throwable cause = Calls.unwrap(error);
      batch.forEach(e -> e.done().completeExceptionally(cause));
    } else {
      response.successful().forEach(s -> batch.get(Integer.parseInt(s.id())).done().complete(null));
      for (BatchResultErrorEntry f : response.failed()) {
        batch.get(Integer.parseInt(f.id())).done().completeExceptionally(
            new MessagingException("SQS did not delete the message: " + f.code() + ": " + f.message()));
      }
      batch.forEach(e -> e.done().completeExceptionally(
          new MessagingException("SQS did not report on the deletion of the message")));
    }
    synchronized (this) {
      inFlight = false;
      sendNext();
    }
  }

  /** On the completion executor, never inline: an immediate failure must not recurse. */
  private void run(Runnable task) {
    try {
      completions.execute(task);
    } catch (RejectedExecutionException shutDown) {
      task.run();
    }
  }
}
