package dev.mq.kinesis.internal.fanout;

import dev.mq.MessagingException;
import dev.mq.kinesis.internal.config.StreamArns;
import dev.mq.kinesis.internal.consumer.Fetch;
import dev.mq.kinesis.internal.consumer.ShardFetcher;
import dev.mq.kinesis.internal.consumer.StartPosition;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.KmsThrottlingException;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StartingPosition;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEventStream;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardRequest;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponseHandler;

/**
 * Fetches one shard through enhanced fan-out: a SubscribeToShard subscription that is renewed
 * from the last continuation sequence number handed to the reader, when its lifetime is over
 * (before Kinesis ends it after 5 minutes), when Kinesis ends it, and after an error.
 *
 * <p>Back-pressure: one event is asked for ({@code request(1)}) only when the reader fetches,
 * which it does only while its read-ahead has room, and only once the previous event was handed
 * over. So at most one event waits here, and a slow handler makes the subscription wait instead of
 * the client buffering.
 *
 * <p>The end of a closed shard is the event without a continuation sequence number (with the
 * child shards). Emulators never send one, so a caught-up subscription also checks with
 * GetRecords, at most once per shard-discovery interval, whether its shard ended.
 *
 * <p>Errors are not retried here: the next {@link #fetch} reports them (ResourceInUseException
 * and throttling as {@link Fetch.Kind#THROTTLED}, others by throwing), and the reader backs off
 * with jitter before fetching, which subscribes again.
 *
 * <p>Over 350 lines because the subscription's state (the current flow, the continuation, the
 * held event, a failure, closed) is guarded by one lock that the SDK's callbacks, the reader's
 * fetch and the renewal timer all take; split, that state would be shared across classes.
 */
final class ShardSubscription implements ShardFetcher {

  private static final Logger log = LoggerFactory.getLogger(ShardSubscription.class);

  private final KinesisAsyncClient client;
  private final KinesisClient probeClient;
  private final long probeIntervalNanos;
  private final String consumerArn;
  private final String stream;
  private final String shardId;
  private final StartPosition start;
  private final Runnable wake;
  private final ScheduledExecutorService scheduler;
  private final Duration lifetime;
  private final FanOutStats stats;

  // Guarded by this.
  private String continuation;
  private boolean endOfShard;
  private Flow current;
  private final ArrayDeque<SubscribeToShardEvent> held = new ArrayDeque<>();
  private Throwable failure;
  private boolean closed;
  // Used by the fetching thread only.
  private long lastProbeNanos = System.nanoTime();

  ShardSubscription(KinesisAsyncClient client, KinesisClient probeClient, Duration probeInterval,
      String consumerArn, String stream, String shardId, StartPosition start, Runnable wake,
      ScheduledExecutorService scheduler, Duration lifetime, FanOutStats stats) {
    this.client = client;
    this.probeClient = probeClient;
    this.probeIntervalNanos = probeInterval.toNanos();
    this.consumerArn = consumerArn;
    this.stream = stream;
    this.shardId = shardId;
    this.start = start;
    this.wake = wake;
    this.scheduler = scheduler;
    this.lifetime = lifetime;
    this.stats = stats;
  }

  @Override
  public Fetch fetch(int maxRecords) {
    Flow toStart = null;
    Subscription toRequest = null;
    Flow toEnd = null;
    Fetch result = Fetch.pending();
    synchronized (this) {
      if (closed) {
        return Fetch.pending();
      }
      if (!held.isEmpty()) {
        result = take(held.pollFirst());
        if (result.endOfShard()) {
          toEnd = current; // the stream ends by itself after this event; nothing more to ask for
          current = null;
        }
      } else if (failure != null) {
        Throwable f = failure;
        failure = null;
        if (f instanceof ResourceInUseException || f instanceof LimitExceededException
            || f instanceof KmsThrottlingException) {
          return Fetch.throttled();
        }
        throw f instanceof RuntimeException r ? r
            : new MessagingException("the subscription to shard " + shardId + " of stream " + stream
                + " failed: " + f, f);
      } else if (endOfShard) {
        return Fetch.records(List.of(), true, true);
      } else if (current == null || current.over) {
        current = new Flow(position());
        toStart = current;
      } else {
        toRequest = current.demand();
      }
    }
    if (result.kind() == Fetch.Kind.RECORDS && result.caughtUp() && !result.endOfShard()
        && System.nanoTime() - lastProbeNanos >= probeIntervalNanos) {
      lastProbeNanos = System.nanoTime();
      if (probeEnded()) {
        synchronized (this) {
          endOfShard = true;
          toEnd = current;
          current = null;
        }
        result = Fetch.records(List.of(), true, true);
      }
    }
    // calls into the SDK outside the lock: they may call back at once
    if (toEnd != null) {
      toEnd.end();
    }
    if (toStart != null) {
      toStart.start();
    } else if (toRequest != null) {
      stats.requested();
      toRequest.request(1);
    }
    return result;
  }

  /**
   * Whether the shard is closed and read to its end. Kinesis says so with an event without a
   * continuation; emulators (kinesis-local) never do, so a caught-up subscription asks
   * GetRecords now and then whether anything follows its continuation.
   */
  private boolean probeEnded() {
    String after;
    synchronized (this) {
      after = continuation;
    }
    if (after == null) {
      return false;
    }
    try {
      String iterator = probeClient.getShardIterator(b -> (StreamArns.isArn(stream)
          ? b.streamARN(stream) : b.streamName(stream)).shardId(shardId)
          .shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).startingSequenceNumber(after))
          .shardIterator();
      if (iterator == null) {
        return true;
      }
      GetRecordsResponse r = probeClient.getRecords(b -> b.shardIterator(iterator).limit(1)
          .streamARN(StreamArns.isArn(stream) ? stream : null));
      boolean ended = r.records().isEmpty() && r.nextShardIterator() == null;
      if (ended) {
        log.debug("shard {} of stream {} is closed and read to its end", shardId, stream);
      }
      return ended;
    } catch (SdkException e) {
      log.debug("could not check whether shard {} of stream {} ended: {}", shardId, stream, e.toString());
      return false;
    }
  }

  private StartingPosition position() {
    return continuation != null
        ? StartingPosition.builder().type(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
            .sequenceNumber(continuation).build()
        : start.startingPosition();
  }

  private Fetch take(SubscribeToShardEvent e) {
    boolean end = e.continuationSequenceNumber() == null
        || (e.hasChildShards() && !e.childShards().isEmpty());
    if (end) {
      endOfShard = true;
    } else {
      continuation = e.continuationSequenceNumber();
    }
    Long behind = e.millisBehindLatest();
    boolean caughtUp = e.records().isEmpty() && (behind == null || behind == 0);
    return Fetch.records(e.records(), caughtUp, end, behind);
  }

  @Override
  public long minIntervalNanos() {
    return 0; // events arrive when Kinesis pushes them; no call rate to respect
  }

  @Override
  public long idleIntervalNanos() {
    return 0; // asking for the next event costs nothing; Kinesis sends it when there is one
  }

  @Override
  public void close() {
    Flow f;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      held.clear();
      f = current;
      current = null;
    }
    if (f != null) {
      f.end();
    }
  }

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** One SubscribeToShard call and its event stream. */
  private final class Flow implements Subscriber<SubscribeToShardEventStream> {

    private final StartingPosition from;
    // Guarded by ShardSubscription.this.
    private Subscription upstream;
    private boolean wanted = true; // an event was asked for and has not arrived
    private boolean over;
    private CompletableFuture<Void> call;
    private ScheduledFuture<?> expiry;

    Flow(StartingPosition from) {
      this.from = from;
    }

    void start() {
      stats.subscribed();
      log.debug("subscribing to shard {} of stream {} from {}", shardId, stream, from);
      SubscribeToShardRequest request = SubscribeToShardRequest.builder()
          .consumerARN(consumerArn).shardId(shardId).startingPosition(from).build();
      SubscribeToShardResponseHandler handler = SubscribeToShardResponseHandler.builder()
          .subscriber(() -> this)
          .onError(this::ended)
          .build();
      CompletableFuture<Void> f;
      ScheduledFuture<?> timer;
      try {
        f = client.subscribeToShard(request, handler);
        timer = scheduler.schedule(this::expire, lifetime.toNanos(), TimeUnit.NANOSECONDS);
      } catch (RuntimeException e) { // a closed client or scheduler: the broker is closing
        ended(e);
        return;
      }
      boolean cancel;
      synchronized (ShardSubscription.this) {
        call = f;
        expiry = timer;
        cancel = over;
      }
      if (cancel) {
        f.cancel(true);
        timer.cancel(false);
        return;
      }
      f.whenComplete((ok, error) -> ended(error));
    }

    /** The subscription to ask for one more event, or null when one is asked for already. */
    Subscription demand() {
      if (upstream == null || wanted || over) {
        return null;
      }
      wanted = true;
      return upstream;
    }

    @Override
    public void onSubscribe(Subscription s) {
      synchronized (ShardSubscription.this) {
        if (over || current != this) {
          s.cancel();
          return;
        }
        upstream = s;
      }
      // The call was made because the reader had room: ask for the first event.
      stats.requested();
      s.request(1);
    }

    @Override
    public void onNext(SubscribeToShardEventStream event) {
      synchronized (ShardSubscription.this) {
        if (over || current != this) {
          return; // a renewed or closed subscription: its position is read again by the next one
        }
        wanted = false;
        if (event instanceof SubscribeToShardEvent e) {
          held.addLast(e);
          stats.received(e.records().size(), held.size());
        }
        // other event kinds carry nothing to hand over: the next fetch asks again
      }
      wake.run();
    }

    @Override
    public void onError(Throwable t) {
      ended(t);
    }

    @Override
    public void onComplete() {
      ended(null);
    }

    /** The stream ended by itself, or failed. */
    private void ended(Throwable error) {
      synchronized (ShardSubscription.this) {
        if (over) {
          return;
        }
        over = true;
        if (expiry != null) {
          expiry.cancel(false);
        }
        if (error != null && current == this && !closed) {
          Throwable cause = unwrap(error);
          if (cause instanceof ResourceInUseException) {
            stats.refusedInUse();
            failure = cause;
          } else {
            stats.failed();
            // Waiting for nothing (a slow handler kept the read-ahead full) a read timeout is
            // expected: renew quietly at the next fetch.
            if (wanted) {
              failure = cause;
            } else {
              log.debug("the idle subscription to shard {} of stream {} ended: {}", shardId, stream,
                  cause.toString());
            }
          }
        } else if (error == null) {
          log.debug("the subscription to shard {} of stream {} completed", shardId, stream);
        }
      }
      wake.run();
    }

    /** The lifetime is over: end the subscription; the next fetch renews it. */
    private void expire() {
      synchronized (ShardSubscription.this) {
        if (over) {
          return;
        }
        stats.renewed();
      }
      log.debug("renewing the subscription to shard {} of stream {} after {}", shardId, stream, lifetime);
      end();
      wake.run();
    }

    /** Ends this subscription from this side. */
    void end() {
      Subscription s;
      CompletableFuture<Void> f;
      ScheduledFuture<?> timer;
      synchronized (ShardSubscription.this) {
        over = true;
        s = upstream;
        f = call;
        timer = expiry;
      }
      if (s != null) {
        s.cancel();
      }
      if (f != null) {
        f.cancel(true);
      }
      if (timer != null) {
        timer.cancel(false);
      }
    }
  }

}
