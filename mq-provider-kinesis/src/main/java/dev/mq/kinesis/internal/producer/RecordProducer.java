package dev.mq.kinesis.internal.producer;

import dev.mq.BatchPushException;
import dev.mq.Envelope;
import dev.mq.MessageTooLargeException;
import dev.mq.MessagingException;
import dev.mq.PushOutcomeUnknownException;
import dev.mq.QueueFullException;
import dev.mq.kinesis.internal.config.ProducerSettings;
import dev.mq.kinesis.internal.config.StreamArns;
import dev.mq.spi.Backoff;
import dev.mq.spi.DaemonThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

/**
 * Writes records to Kinesis streams with PutRecords, coalescing concurrent callers into as few
 * requests as the limits allow and retrying transient failures with exponential back-off and
 * jitter ({@link Backoff}).
 *
 * <p>Per-key order: a Kinesis partition key never has more than one unconfirmed record, so when
 * a record fails, no later record of its key is written before it (see {@code docs/producer.md}).
 * Records of different keys share requests.
 *
 * <p>Thread-safe. All scheduling runs on one dispatcher thread; callers block until their own
 * records are written or have failed. The client is not closed by {@link #close()}; build it with
 * SDK retries off or few (the producer retries itself).
 *
 * <p>Over 350 lines because the dispatcher's loop (admit, batch, send, settle, retry) works on
 * state confined to its one thread; the parts with state of their own are split out already
 * ({@code StreamLane}, {@code BufferBudget}, {@code Backoff}, {@code Failures}).
 */
public final class RecordProducer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RecordProducer.class);
  /** Extra time a caller waits beyond the producer's own bounds before giving up on an outcome. */
  private static final Duration OUTCOME_SLACK = Duration.ofSeconds(5);
  /** Time past the request timeout after which the producer stops waiting for a response. */
  private static final Duration RESPONSE_GRACE = Duration.ofSeconds(2);

  private final KinesisAsyncClient client;
  private final ProducerSettings settings;
  private final Backoff backoff;
  private final BufferBudget budget;
  private final ScheduledThreadPoolExecutor dispatcher;
  /**
   * Completes the futures of {@link #putAsync}, so that an application's callback never runs on
   * (and never stalls) the dispatcher; one thread keeps completions in the order they came.
   */
  private final ThreadPoolExecutor callbacks;
  private final AtomicBoolean closed = new AtomicBoolean();
  /** Records retried since start, for monitoring. */
  private final AtomicLong retries = new AtomicLong();
  private final long outcomeWaitNanos;

  // confined to the dispatcher thread
  private final Map<String, StreamLane> lanes = new LinkedHashMap<>();
  private int inFlightRequests;
  private boolean flushing;
  private boolean terminated;
  private boolean dispatchQueued;
  private ScheduledFuture<?> wake;
  private long wakeAtNanos = Long.MAX_VALUE;

  /**
   * @param client the client to write with; the caller keeps ownership
   * @param settings limits and timings
   */
  public RecordProducer(KinesisAsyncClient client, ProducerSettings settings) {
    this.client = Objects.requireNonNull(client, "client");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.backoff = new Backoff(settings.baseBackoff(), settings.maxBackoff());
    this.budget = new BufferBudget(settings.maxBufferedRecords(), settings.maxBufferedBytes());
    this.dispatcher = new ScheduledThreadPoolExecutor(1, DaemonThreads.factory("mq-kinesis-producer"));
    this.dispatcher.setRemoveOnCancelPolicy(true);
    this.dispatcher.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.callbacks = new ThreadPoolExecutor(0, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        DaemonThreads.factory("mq-kinesis-producer-callbacks"),
        (completion, shutDown) -> completion.run()); // after close, on the completing thread: never lost
    this.outcomeWaitNanos = settings.linger().plus(settings.maxRetryTime())
        .plus(settings.requestTimeout()).plus(OUTCOME_SLACK).toNanos();
  }

  /**
   * {@return the Kinesis partition key for an envelope: its partition key when that has 1..256
   * characters, the hex SHA-256 of it (64 characters) when longer, and the message id (hashed the
   * same way when longer than 256 characters) when it has none. Stable across processes}
   *
   * @param envelope the envelope to write
   */
  public static String kinesisPartitionKey(Envelope envelope) {
    return KinesisPartitionKeys.of(Objects.requireNonNull(envelope, "envelope"));
  }

  /**
   * Writes one record and returns once Kinesis has accepted it.
   *
   * @param stream the stream (name or ARN)
   * @param record the record
   * @throws NullPointerException if an argument is null
   * @throws MessageTooLargeException if data plus partition key exceed the record limit
   * @throws QueueFullException if the buffer stayed full for the configured wait; not written
   * @throws PushOutcomeUnknownException if it may have been written all the same: an attempt
   *     timed out or lost its answer, and the retries did not confirm it
   * @throws MessagingException with the cause if it was not written within the retry bound, or
   *     at once for a non-transient error (such as a missing stream, named in the message)
   * @throws IllegalStateException if the producer is closed
   */
  public void put(String stream, OutgoingRecord record) {
    PendingEntry entry = accept(stream, record);
    Throwable failure = await(entry);
    if (failure instanceof RuntimeException) {
      throw (RuntimeException) failure;
    }
    if (failure != null) {
      throw new MessagingException(failure.getMessage(), failure);
    }
  }

  /**
   * Writes one record without waiting for Kinesis: the future completes when {@link #put} would
   * have returned, or fails with what it would have thrown. Records of one key are written in
   * call order. Waits only for room in the buffer (up to the buffer-full wait).
   *
   * @param stream the stream (name or ARN)
   * @param record the record
   * @return completes when written, or fails with what {@link #put} would have thrown
   * @throws NullPointerException if an argument is null
   * @throws MessageTooLargeException if data plus partition key exceed the record limit
   * @throws QueueFullException if the buffer stayed full for the configured wait; not written
   * @throws IllegalStateException if the producer is closed
   */
  public CompletableFuture<Void> putAsync(String stream, OutgoingRecord record) {
    PendingEntry entry = accept(stream, record);
    CompletableFuture<Void> out = new CompletableFuture<>();
    entry.result.copy().orTimeout(outcomeWaitNanos, TimeUnit.NANOSECONDS)
        .whenCompleteAsync((ok, error) -> {
          if (error == null) {
            out.complete(null);
          } else {
            Throwable cause = Failures.unwrap(error);
            out.completeExceptionally(cause instanceof TimeoutException ? noOutcome(entry, cause) : cause);
          }
        }, callbacks);
    return out;
  }

  /**
   * Writes several records in as few requests as the limits allow, in order per key.
   *
   * @param stream the stream (name or ARN)
   * @param records the records, in order per key
   * @throws NullPointerException if an argument or element is null; nothing written
   * @throws MessageTooLargeException if one record exceeds the limit; nothing written
   * @throws BatchPushException listing exactly the envelopes not confirmed written, each with its
   *     cause ({@link PushOutcomeUnknownException} for those that may have been written)
   * @throws IllegalStateException if the producer is closed
   */
  public void putAll(String stream, List<OutgoingRecord> records) {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(records, "records");
    for (OutgoingRecord r : records) {
      Objects.requireNonNull(r, "records must not contain null");
    }
    checkOpen();
    long[] sizes = new long[records.size()];
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = checkSize(records.get(i));
    }
    List<PendingEntry> entries = new ArrayList<>(records.size());
    List<BatchPushException.Failure> failures = new ArrayList<>();
    int i = 0;
    while (i < sizes.length) {
      // the largest prefix of the rest that the buffer can hold at all, taken in one piece so
      // that full requests form at once
      int end = i;
      long chunkBytes = 0;
      while (end < sizes.length && end - i < settings.maxBufferedRecords()
          && chunkBytes + sizes[end] <= settings.maxBufferedBytes()) {
        chunkBytes += sizes[end++];
      }
      try {
        acquire(end - i, chunkBytes);
      } catch (QueueFullException e) {
        for (int j = i; j < sizes.length; j++) {
          failures.add(new BatchPushException.Failure(records.get(j).envelope(), e));
        }
        break;
      }
      List<PendingEntry> chunk = new ArrayList<>(end - i);
      for (int j = i; j < end; j++) {
        chunk.add(newEntry(records.get(j), sizes[j]));
      }
      enqueue(stream, chunk, chunkBytes);
      entries.addAll(chunk);
      i = end;
    }
    List<BatchPushException.Failure> sendFailures = new ArrayList<>();
    for (PendingEntry e : entries) {
      Throwable failure = await(e);
      if (failure != null) {
        sendFailures.add(new BatchPushException.Failure(e.record.envelope(), failure));
      }
    }
    sendFailures.addAll(failures);
    if (!sendFailures.isEmpty()) {
      throw new BatchPushException(records.size(), sendFailures);
    }
  }

  /** {@return records waiting in the buffer to be written, for monitoring} */
  public int bufferedRecords() {
    return budget.records();
  }

  /**
   * {@return records retried (a failed attempt that was tried again) since start, for monitoring}
   */
  public long retries() {
    return retries.get();
  }

  /**
   * Stops accepting records, waits up to the close timeout for buffered records to be written,
   * fails the rest, and stops the dispatcher thread. Idempotent. Does not close the client.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      runOnDispatcher(() -> {
        flushing = true;
        dispatch();
      });
      boolean drained = budget.awaitEmpty(settings.closeTimeout().toNanos());
      if (!drained) {
        log.warn("closing the Kinesis producer with {} records not yet written after {}",
            budget.records(), settings.closeTimeout());
      }
      CompletableFuture<Void> failedRest = new CompletableFuture<>();
      runOnDispatcher(() -> {
        terminated = true;
        for (StreamLane lane : lanes.values()) {
          for (PendingEntry e : lane.drainAll()) {
            String what = "the producer was closed before record " + e.record.envelope().messageId()
                + " was confirmed on stream '" + lane.stream + "'";
            complete(e, e.attempts > 0 || e.maybeWritten
                ? new PushOutcomeUnknownException(what + "; it may or may not have been written")
                : new MessagingException(what + "; it was not written"));
          }
        }
        lanes.clear();
        failedRest.complete(null);
      });
      failedRest.get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
      log.warn("the Kinesis producer did not shut down cleanly", e);
    } finally {
      dispatcher.shutdown();
      callbacks.shutdown(); // after the futures completed above: queued completions still run
    }
  }

  // ---- caller side

  /** Checks one record, waits for room for it and hands it to the dispatcher. */
  private PendingEntry accept(String stream, OutgoingRecord record) {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(record, "record");
    checkOpen();
    long size = checkSize(record);
    acquire(1, size);
    PendingEntry entry = newEntry(record, size);
    enqueue(stream, List.of(entry), size);
    return entry;
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("the Kinesis producer is closed");
    }
  }

  private long checkSize(OutgoingRecord record) {
    long size = record.billedSize();
    if (size > settings.maxRecordBytes()) {
      throw new MessageTooLargeException(record.envelope().messageId(), size,
          settings.maxRecordBytes());
    }
    return size;
  }

  private void acquire(int n, long bytes) {
    try {
      budget.acquire(n, bytes, settings.bufferFullWait());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MessagingException("interrupted while waiting for room in the producer's buffer; "
          + "nothing was written", e);
    }
  }

  private PendingEntry newEntry(OutgoingRecord record, long size) {
    long now = System.nanoTime();
    return new PendingEntry(record, size, now, now + settings.maxRetryTime().toNanos());
  }

  private void enqueue(String stream, List<PendingEntry> entries, long bytes) {
    try {
      dispatcher.execute(() -> guarded(() -> {
        if (terminated) {
          entries.forEach(e -> complete(e, new IllegalStateException("the Kinesis producer is closed")));
          return;
        }
        StreamLane lane = lanes.computeIfAbsent(stream, StreamLane::new);
        entries.forEach(lane::add);
        dispatchSoon();
      }));
    } catch (RejectedExecutionException e) {
      budget.release(entries.size(), bytes);
      throw new IllegalStateException("the Kinesis producer is closed", e);
    }
  }

  /** The entry's failure, or null when it was written. */
  private Throwable await(PendingEntry entry) {
    try {
      entry.result.get(outcomeWaitNanos, TimeUnit.NANOSECONDS);
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (TimeoutException e) {
      return noOutcome(entry, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new PushOutcomeUnknownException("interrupted while waiting for record "
          + entry.record.envelope().messageId() + "; it may or may not be written", e);
    }
  }

  private PushOutcomeUnknownException noOutcome(PendingEntry entry, Throwable cause) {
    return new PushOutcomeUnknownException("no outcome for record " + entry.record.envelope().messageId()
        + " within " + Duration.ofNanos(outcomeWaitNanos) + "; it may or may not be written", cause);
  }

  // ---- dispatcher thread

  private void runOnDispatcher(Runnable task) {
    dispatcher.execute(() -> guarded(task));
  }

  private void guarded(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException | Error e) {
      log.error("Kinesis producer dispatcher failed; failing its buffered records", e);
      for (StreamLane lane : lanes.values()) {
        lane.drainAll().forEach(p -> complete(p, p.attempts > 0 || p.maybeWritten
            ? new PushOutcomeUnknownException(
                "internal error in the Kinesis producer; record may or may not be written", e)
            : new MessagingException("internal error in the Kinesis producer; record not written", e)));
      }
      lanes.clear();
    }
  }

  /**
   * One dispatch after the enqueues already waiting on the dispatcher, instead of one per
   * enqueue: a caller of {@code pushAsync} enqueues faster than a dispatch per record allows.
   */
  private void dispatchSoon() {
    if (dispatchQueued) {
      return;
    }
    dispatchQueued = true;
    try {
      dispatcher.execute(() -> guarded(() -> {
        dispatchQueued = false;
        dispatch();
      }));
    } catch (RejectedExecutionException closing) {
      dispatchQueued = false;
      dispatch();
    }
  }

  /** Sends every request that may go now and schedules the next wake-up. */
  private void dispatch() {
    long now = System.nanoTime();
    long nextWake = Long.MAX_VALUE;
    for (StreamLane lane : List.copyOf(lanes.values())) {
      for (PendingEntry expired : lane.expiredUnsentHeads(now)) {
        lane.remove(expired);
        complete(expired, new MessagingException("record " + expired.record.envelope().messageId()
            + " was not written to stream '" + lane.stream + "': it waited longer than "
            + settings.maxRetryTime() + " behind earlier records of its key"));
      }
      while (inFlightRequests < settings.maxConcurrentRequests()) {
        StreamLane.Batch batch = lane.sendable(now, settings.maxRecordsPerRequest(),
            settings.maxBytesPerRequest());
        if (batch.entries().isEmpty()) {
          break;
        }
        if (!batch.full() && !flushing && !hasRetry(batch)) {
          long lingerEnd = oldestSubmitted(batch) + settings.linger().toNanos();
          if (lingerEnd - now > 0) {
            nextWake = Math.min(nextWake, lingerEnd);
            break;
          }
        }
        send(lane, batch);
      }
      nextWake = Math.min(nextWake, lane.nextRetryNanos());
      if (lane.isEmpty()) {
        lanes.remove(lane.stream);
      }
    }
    scheduleWake(nextWake, now);
  }

  /** Retries go out as soon as their back-off has passed; only new records linger. */
  private static boolean hasRetry(StreamLane.Batch batch) {
    for (PendingEntry e : batch.entries()) {
      if (e.attempts > 0) {
        return true;
      }
    }
    return false;
  }

  private static long oldestSubmitted(StreamLane.Batch batch) {
    long oldest = batch.entries().get(0).submittedNanos;
    for (PendingEntry e : batch.entries()) {
      if (e.submittedNanos - oldest < 0) {
        oldest = e.submittedNanos;
      }
    }
    return oldest;
  }

  private void scheduleWake(long at, long now) {
    if (at == Long.MAX_VALUE || terminated) {
      return;
    }
    if (wake != null && !wake.isDone() && wakeAtNanos != Long.MAX_VALUE && wakeAtNanos - at <= 0) {
      return;
    }
    if (wake != null) {
      wake.cancel(false);
    }
    wakeAtNanos = at;
    wake = dispatcher.schedule(() -> guarded(() -> {
      wakeAtNanos = Long.MAX_VALUE;
      dispatch();
    }), Math.max(0, at - now), TimeUnit.NANOSECONDS);
  }

  private void send(StreamLane lane, StreamLane.Batch batch) {
    List<PendingEntry> entries = batch.entries();
    List<PutRecordsRequestEntry> requestEntries = new ArrayList<>(entries.size());
    for (PendingEntry e : entries) {
      lane.sent(e);
      e.attempts++;
      requestEntries.add(PutRecordsRequestEntry.builder()
          .partitionKey(e.key())
          .data(SdkBytes.fromByteArrayUnsafe(e.record.data()))
          .build());
    }
    PutRecordsRequest.Builder named = PutRecordsRequest.builder();
    if (StreamArns.isArn(lane.stream)) {
      named.streamARN(lane.stream);
    } else {
      named.streamName(lane.stream);
    }
    PutRecordsRequest request = named
        .records(requestEntries)
        .overrideConfiguration(o -> o.apiCallTimeout(settings.requestTimeout()))
        .build();
    inFlightRequests++;
    CompletableFuture<PutRecordsResponse> response;
    try {
      // the SDK's own call timeout should fire first; this bound guarantees every record an
      // outcome even if a response never arrives
      response = client.putRecords(request)
          .orTimeout(settings.requestTimeout().plus(RESPONSE_GRACE).toNanos(), TimeUnit.NANOSECONDS);
    } catch (RuntimeException e) {
      response = CompletableFuture.failedFuture(e);
    }
    response.whenComplete((r, error) -> {
      try {
        dispatcher.execute(() -> guarded(() -> onResponse(lane, entries, r, error)));
      } catch (RejectedExecutionException closedAlready) {
        // close() has failed these entries already
      }
    });
  }

  private void onResponse(StreamLane lane, List<PendingEntry> entries, PutRecordsResponse response,
      Throwable error) {
    inFlightRequests--;
    if (terminated) {
      return;
    }
    long now = System.nanoTime();
    if (error == null && response.records().size() != entries.size()) {
      error = new MessagingException("PutRecords answered " + response.records().size()
          + " results for " + entries.size() + " records");
    }
    if (error != null) {
      String reason = Failures.describe(error);
      boolean retryable = Failures.retryable(error);
      boolean mayHaveBeenApplied = Failures.mayHaveBeenApplied(error);
      for (PendingEntry e : entries) {
        e.maybeWritten |= mayHaveBeenApplied;
        if (retryable) {
          retryOrFail(lane, e, reason, error, now);
        } else {
          failNow(lane, e, reason, error);
        }
      }
      if (Failures.unwrap(error) instanceof ResourceNotFoundException) {
        // every queued record of a missing stream would fail the same way, one key at a time
        for (PendingEntry e : lane.removeNotInFlight()) {
          complete(e, failure(e, lane.stream, "(not retried): " + reason, error));
        }
      }
    } else {
      List<PutRecordsResultEntry> results = response.records();
      for (int i = 0; i < entries.size(); i++) {
        PendingEntry e = entries.get(i);
        PutRecordsResultEntry r = results.get(i);
        if (r.errorCode() == null) {
          lane.remove(e);
          complete(e, null);
        } else if (Failures.retryableCode(r.errorCode())) {
          retryOrFail(lane, e, r.errorCode() + ": " + r.errorMessage(), null, now);
        } else {
          failNow(lane, e, r.errorCode() + ": " + r.errorMessage(), null);
        }
      }
    }
    if (!lanes.containsKey(lane.stream) && !lane.isEmpty()) {
      lanes.put(lane.stream, lane);
    }
    dispatch();
  }

  private void retryOrFail(StreamLane lane, PendingEntry e, String reason, Throwable cause, long now) {
    e.lastError = reason;
    if (e.attempts >= settings.maxAttempts()) {
      fail(lane, e, "after " + e.attempts + " attempts (maxAttempts)", cause);
      return;
    }
    long delay = backoff.delayNanos(e.attempts);
    if (now + delay - e.deadlineNanos > 0) {
      fail(lane, e, "after " + e.attempts + " attempts within maxRetryTime "
          + settings.maxRetryTime(), cause);
      return;
    }
    e.notBeforeNanos = now + delay;
    retries.incrementAndGet();
    lane.backOff(e);
    log.debug("retrying record {} on stream '{}' in {} ms: {}", e.record.envelope().messageId(),
        lane.stream, delay / 1_000_000, reason);
  }

  private void failNow(StreamLane lane, PendingEntry e, String reason, Throwable cause) {
    e.lastError = reason;
    fail(lane, e, "(not retried)", cause);
  }

  private void fail(StreamLane lane, PendingEntry e, String when, Throwable cause) {
    lane.remove(e);
    complete(e, failure(e, lane.stream, when + ": " + e.lastError, cause));
  }

  /**
   * The failure of a record the producer gives up on: "not written", unless an earlier attempt
   * failed after Kinesis may have applied it.
   */
  private static MessagingException failure(PendingEntry e, String stream, String detail,
      Throwable cause) {
    String id = e.record.envelope().messageId();
    return e.maybeWritten
        ? new PushOutcomeUnknownException("record " + id + " may or may not have been written to "
            + "stream '" + stream + "' (an attempt failed after Kinesis may have applied it, and "
            + "no later attempt confirmed it) " + detail, cause)
        : new MessagingException("record " + id + " was not written to stream '" + stream + "' "
            + detail, cause);
  }

  private void complete(PendingEntry e, Throwable failure) {
    budget.release(1, e.size);
    if (failure == null) {
      e.result.complete(null);
    } else {
      e.result.completeExceptionally(failure);
    }
  }
}
