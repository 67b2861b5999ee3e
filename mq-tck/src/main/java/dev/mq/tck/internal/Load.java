package dev.mq.tck.internal;

import static org.assertj.core.api.Assertions.fail;

import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.Subscription;
import dev.mq.SubscriptionOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * The producers, consumers and waits of the kit's load tests, keeping {@link LoadBooks}. Every
 * wait is bounded: a run fails when it makes no progress for the await timeout, and in any case
 * after {@value #MAX_AWAITS} await timeouts.
 */
final class Load {

  /** Longest run, in await timeouts, however steady the progress. */
  static final int MAX_AWAITS = 30;

  private final TckSession session;

  Load(TckSession session) {
    this.session = session;
  }

  /** Message ids {@code prefix-0} to {@code prefix-(count-1)}. */
  static List<String> ids(String prefix, int count) {
    List<String> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ids.add(prefix + "-" + i);
    }
    return ids;
  }

  /**
   * Pushes {@code ids} to {@code q} on a thread of the test, by {@code push} when {@code batch} is
   * 1 and by {@code pushAll} of {@code batch} otherwise. A failed push is booked as maybe written;
   * when {@code failuresFail}, it also fails the test (a run without faults has no reason to fail).
   */
  Future<?> produce(String what, MessageQueue q, LoadBooks books, List<String> ids, int batch,
      boolean failuresFail) {
    return session.forkGuarded(what, () -> {
      for (int from = 0; from < ids.size() && session.failures().isEmpty(); from += batch) {
        List<String> chunk = ids.subList(from, Math.min(ids.size(), from + batch));
        List<Envelope> envelopes = new ArrayList<>(chunk.size());
        for (String id : chunk) {
          books.pushing(id);
          envelopes.add(Envelope.builder().messageId(id).body(id.getBytes(StandardCharsets.UTF_8)).build());
        }
        try {
          if (batch == 1) {
            q.push(envelopes.get(0));
          } else {
            q.pushAll(envelopes);
          }
          chunk.forEach(books::accepted);
        } catch (RuntimeException e) {
          chunk.forEach(books::failed);
          if (failuresFail) {
            throw e;
          }
        }
      }
    });
  }

  /**
   * Consumes {@code q} as consumer {@code holder} on a thread of the test: dequeues and
   * acknowledges each message until {@code stop} holds. When {@code holdLast}, it then dequeues
   * once more and keeps what it got unacknowledged, for the test to close.
   */
  Future<?> consume(String what, MessageQueue q, int holder, LoadBooks books, BooleanSupplier stop,
      boolean holdLast) {
    return session.forkGuarded(what, () -> {
      while (!stop.getAsBoolean() && session.failures().isEmpty()) {
        Optional<Envelope> got = q.dequeue(session.timeouts().poll());
        if (got.isPresent()) {
          String id = got.get().messageId();
          books.delivered(id, holder);
          q.acknowledge(got.get());
          books.acknowledged(id, holder);
        }
      }
      if (holdLast) {
        q.dequeue(session.timeouts().poll()).ifPresent(e -> books.delivered(e.messageId(), holder));
      }
    });
  }

  /** A subscription of {@code q} as consumer {@code holder}; a returning handler acknowledges. */
  Subscription subscribe(MessageQueue q, int holder, LoadBooks books, int concurrency) {
    SubscriptionOptions options = SubscriptionOptions.builder().concurrency(concurrency)
        .pollWait(session.timeouts().poll()).closeTimeout(session.timeouts().subscriptionClose()).build();
    return q.subscribe(e -> {
      books.delivered(e.messageId(), holder);
      // the handler returns and the subscription acknowledges: booked as acknowledged here, so a
      // redelivery while that acknowledgement is under way is counted as "after acknowledgement"
      books.acknowledged(e.messageId(), holder);
    }, options);
  }

  /**
   * Waits until {@code done} holds, failing when {@code progress} stands still for the await
   * timeout or after {@value #MAX_AWAITS} await timeouts, or at once when a thread of the test
   * failed or the books saw a forbidden delivery.
   */
  void await(String what, LoadBooks books, IntSupplier progress, BooleanSupplier done) {
    await(what, List.of(books), progress, done);
  }

  /** As {@link #await(String, LoadBooks, IntSupplier, BooleanSupplier)}, over several queues' books. */
  void await(String what, List<LoadBooks> books, IntSupplier progress, BooleanSupplier done) {
    Duration stall = session.timeouts().await();
    long end = System.nanoTime() + stall.multipliedBy(MAX_AWAITS).toNanos();
    int last = progress.getAsInt();
    long lastChange = System.nanoTime();
    while (!done.getAsBoolean()) {
      if (!session.failures().isEmpty() || !books.stream().allMatch(LoadBooks::clean)) {
        return; // the test's checks report it
      }
      int now = progress.getAsInt();
      if (now != last) {
        last = now;
        lastChange = System.nanoTime();
      } else if (System.nanoTime() - lastChange > stall.toNanos()) {
        fail("no progress for " + stall + " waiting until " + what + "; " + counts(books));
      }
      if (System.nanoTime() - end > 0) {
        fail("still not done after " + stall.multipliedBy(MAX_AWAITS) + " waiting until " + what + "; "
            + counts(books));
      }
      TckSession.sleep(Duration.ofMillis(10));
    }
  }

  private static String counts(List<LoadBooks> books) {
    return books.size() == 1 ? books.get(0).counts().toString() : books.size() + " queues";
  }

  /** Waits until the producers {@code futures} are done, for as long as they make progress. */
  void awaitProducers(String what, LoadBooks books, List<Future<?>> futures) throws Exception {
    await(what, books, books::pushedCount, () -> futures.stream().allMatch(Future::isDone));
    for (Future<?> f : futures) {
      session.join(what, f);
    }
  }

  /**
   * Waits until every accepted message of {@code books} was acknowledged, or until that stands
   * still: then the test's check of the lost messages reports it, with the counts.
   */
  void awaitAllAcknowledged(String what, LoadBooks books, BooleanSupplier producersDone) {
    awaitAllAcknowledged(what, List.of(books), producersDone);
  }

  /** As {@link #awaitAllAcknowledged(String, LoadBooks, BooleanSupplier)}, over several queues' books. */
  void awaitAllAcknowledged(String what, List<LoadBooks> books, BooleanSupplier producersDone) {
    try {
      await(what, books, () -> books.stream().mapToInt(LoadBooks::acknowledgedCount).sum(),
          () -> producersDone.getAsBoolean() && books.stream().allMatch(b -> b.missing() == 0));
    } catch (AssertionError stalled) {
      if (!producersDone.getAsBoolean()) {
        throw stalled; // the producers are stuck, not the consumers
      }
    }
  }
}
