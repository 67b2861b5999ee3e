package dev.mq.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mq.Broker;
import dev.mq.Envelope;
import dev.mq.MessageQueue;
import dev.mq.Subscription;
import dev.mq.SubscriptionOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class CloseTest {

  @Test
  void closingAnInstanceReturnsItsUnacknowledgedMessagesToTheGroup() {
    String name = Brokers.uniqueName("q");
    try (Broker broker = Brokers.connect()) {
      MessageQueue first = broker.queue(name);
      MessageQueue second = broker.queue(name);
      first.push(Envelope.builder().messageId("a").body("a").build());
      first.push(Envelope.builder().messageId("b").body("b").build());
      Envelope a = first.dequeue().orElseThrow();
      Envelope b = first.dequeue().orElseThrow();
      first.acknowledge(a);
      first.close();
      Envelope again = second.dequeue().orElseThrow();
      assertThat(again.messageId()).isEqualTo(b.messageId());
      assertThat(again.deliveryAttempt()).isEqualTo(2);
      second.acknowledge(again);
      assertThat(second.dequeue()).isEmpty();
    }
  }

  @Test
  void everyOperationAfterCloseIsIllegalStateButCloseIsIdempotent() {
    try (Broker broker = Brokers.connect()) {
      MessageQueue q = broker.queue(Brokers.uniqueName("q"));
      q.push(Envelope.of("x"));
      Envelope e = q.dequeue().orElseThrow();
      q.close();
      q.close();
      assertThatThrownBy(() -> q.push(Envelope.of("y"))).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> q.pushAll(List.of(Envelope.of("y")))).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(q::dequeue).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> q.dequeue(Duration.ofMillis(10))).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> q.acknowledge(e)).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> q.reject(e)).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> q.subscribe(x -> { })).isInstanceOf(IllegalStateException.class);
      assertThat(q.name()).isNotEmpty();
    }
  }

  @Test
  void closingWakesAWaitingDequeueWithIllegalState() throws Exception {
    try (Broker broker = Brokers.connect()) {
      MessageQueue q = broker.queue(Brokers.uniqueName("q"));
      CountDownLatch started = new CountDownLatch(1);
      CompletableFuture<Object> waiter = CompletableFuture.supplyAsync(() -> {
        started.countDown();
        return q.dequeue(Duration.ofMinutes(5));
      });
      started.await();
      Thread.sleep(100);
      q.close();
      assertThatThrownBy(() -> waiter.get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void brokerCloseClosesEveryInstanceAndTheBroker() {
    Broker broker = Brokers.connect();
    MessageQueue a = broker.queue(Brokers.uniqueName("a"));
    MessageQueue b = broker.queue(Brokers.uniqueName("b"), "other");
    broker.close();
    broker.close();
    assertThatThrownBy(a::dequeue).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> b.push(Envelope.of("x"))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> broker.queue("c")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void concurrentClosesAreHarmless() throws Exception {
    try (Broker broker = Brokers.connect()) {
      MessageQueue q = broker.queue(Brokers.uniqueName("q"));
      q.push(Envelope.of("x"));
      q.dequeue().orElseThrow();
      List<CompletableFuture<Void>> closers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        closers.add(CompletableFuture.runAsync(q::close));
        closers.add(CompletableFuture.runAsync(broker::close));
      }
      CompletableFuture.allOf(closers.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
      assertThatThrownBy(q::dequeue).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void closingAnInstanceClosesItsSubscriptionsAndReleasesTheirMessages() throws Exception {
    String name = Brokers.uniqueName("q");
    try (Broker broker = Brokers.connect()) {
      MessageQueue q = broker.queue(name);
      CountDownLatch handling = new CountDownLatch(1);
      CountDownLatch never = new CountDownLatch(1);
      Subscription s = q.subscribe(e -> {
        handling.countDown();
        never.await(); // outlives the close timeout
      }, SubscriptionOptions.builder().closeTimeout(Duration.ofMillis(100)).build());
      q.push(Envelope.builder().messageId("stuck").body("x").build());
      assertThat(handling.await(30, TimeUnit.SECONDS)).isTrue();
      q.close();
      assertThat(s.isActive()).isFalse();
      try (MessageQueue next = broker.queue(name)) {
        Envelope again = next.dequeue(Duration.ofSeconds(30)).orElseThrow();
        assertThat(again.messageId()).isEqualTo("stuck");
        assertThat(again.deliveryAttempt()).isEqualTo(2);
      }
      never.countDown();
    }
  }

  @Test
  void interruptedDequeueReturnsEmptyAndKeepsTheFlag() {
    try (Broker broker = Brokers.connect(); MessageQueue q = broker.queue(Brokers.uniqueName("q"))) {
      Thread.currentThread().interrupt();
      try {
        assertThat(q.dequeue(Duration.ofSeconds(30))).isEmpty();
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
      } finally {
        Thread.interrupted();
      }
    }
  }

  @Test
  void dequeueRejectsBadWaits() {
    try (Broker broker = Brokers.connect(); MessageQueue q = broker.queue(Brokers.uniqueName("q"))) {
      assertThatThrownBy(() -> q.dequeue(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> q.dequeue(null)).isInstanceOf(NullPointerException.class);
      q.push(Envelope.of("x"));
      assertThat(q.dequeue(Duration.ofSeconds(Long.MAX_VALUE))).isPresent();
    }
  }
}
