package dev.mq.kinesis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.Subscription;
import dev.mq.SubscriptionOptions;
import dev.mq.kinesis.testing.KinesisEndpoint;
import dev.mq.kinesis.testing.KinesisEndpointExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A subscription takes messages in batches (SPEC 6.4): when it closes, the messages of its batch
 * that no handler saw go back to the group without counting an attempt, so closing subscriptions
 * never pushes a message towards the dead-letter queue.
 */
@ExtendWith(KinesisEndpointExtension.class)
class SubscriptionBatchGiveBackTest {

  @TempDir
  Path dir;

  @Test
  void closingGivesBackTheUnseenRestOfABatchWithoutCountingAnAttempt(KinesisEndpoint endpoint)
      throws Exception {
    String stream = endpoint.createStream("giveback", 1);
    Map<String, String> config = ProviderTests.config(endpoint, dir);
    try (KinesisBroker broker = ProviderTests.connect(config)) {
      MessageQueue q = broker.queue(stream);
      for (int i = 0; i < 6; i++) {
        q.push(Envelope.of("m" + i)); // no key: all six can be in one batch
      }
      // wait until all six are read ahead, so that the subscription's first fetch takes them all
      List<Envelope> peek = ProviderTests.receive(q, 6);
      peek.forEach(e -> q.reject(e, true, "peeked"));

      CountDownLatch entered = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      Subscription s = q.subscribe(e -> {
        entered.countDown();
        release.await(); // holds the first message while close runs
      }, SubscriptionOptions.builder().concurrency(1).pollWait(Duration.ofMillis(100))
          .closeTimeout(Duration.ofMillis(200)).build());
      assertThat(entered.await(60, TimeUnit.SECONDS)).as("the handler got a message").isTrue();
      s.close();
      release.countDown();

      List<Envelope> again = ProviderTests.receive(q, 6);
      // each came once before (the peek, attempt 1, requeued) and once in the subscription's
      // batch: the one the handler held was delivered (attempt 3 next); the five it never saw
      // were given back uncounted (attempt 2 next)
      assertThat(again).extracting(Envelope::deliveryAttempt)
          .as("attempts after the close").containsExactlyInAnyOrder(2, 2, 2, 2, 2, 3);
      again.forEach(q::acknowledge);
      ProviderTests.assertNothingMore(q);
    }
  }
}
